package com.streamlens.jobs.common;

import com.streamlens.operators.ingest.SplitDeadLetters;
import com.streamlens.operators.io.kafka.KafkaIO;
import com.streamlens.state.Topics;
import com.streamlens.state.events.CatalogueItem;
import com.streamlens.state.events.ClickEvent;
import com.streamlens.state.events.MailEvent;
import com.streamlens.state.events.ParseResult;
import com.streamlens.state.records.BotVerdict;
import com.streamlens.state.records.ItemFactor;
import com.streamlens.state.records.ModelRelease;
import com.streamlens.state.records.ModelRollout;
import com.streamlens.state.records.Recommendation;
import com.streamlens.state.serde.BotVerdictParser;
import com.streamlens.state.serde.CatalogueItemParser;
import com.streamlens.state.serde.ClickEventParser;
import com.streamlens.state.serde.EventParser;
import com.streamlens.state.serde.ItemFactorParser;
import com.streamlens.state.serde.MailEventParser;
import com.streamlens.state.serde.ModelReleaseParser;
import com.streamlens.state.serde.ModelRolloutParser;
import com.streamlens.state.serde.RecommendationParser;
import java.util.function.Supplier;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * A Kafka topic as every job reads it: a source that parses in its deserializer ({@link #source}), then the split into
 * valid events and dead letters stamped with the job ({@link #parse}). The uids are {@code <topic>-source} and
 * {@code parse-<topic>}, as in every savepoint so far.
 *
 * @param compacted a compacted topic read whole as a table (from the earliest offset without a checkpoint)
 */
public record EventTopic<T>(String topic, Supplier<EventParser<T>> parser, Class<T> type, boolean compacted) {
    public static final EventTopic<ClickEvent> CLICKSTREAM =
            new EventTopic<>(Topics.CLICKSTREAM, ClickEventParser::new, ClickEvent.class, false);
    public static final EventTopic<MailEvent> MAIL_EVENTS =
            new EventTopic<>(Topics.MAIL_EVENTS, MailEventParser::new, MailEvent.class, false);
    public static final EventTopic<ItemFactor> ITEM_FACTORS =
            new EventTopic<>(Topics.ITEM_FACTORS, ItemFactorParser::new, ItemFactor.class, true);
    public static final EventTopic<Recommendation> RECOMMENDATIONS =
            new EventTopic<>(Topics.RECOMMENDATIONS, RecommendationParser::new, Recommendation.class, false);
    public static final EventTopic<BotVerdict> BOT_VERDICTS =
            new EventTopic<>(Topics.BOT_VERDICTS, BotVerdictParser::new, BotVerdict.class, true);
    public static final EventTopic<CatalogueItem> ITEMS =
            new EventTopic<>(Topics.ITEMS, CatalogueItemParser::new, CatalogueItem.class, true);
    public static final EventTopic<ModelRelease> MODELS =
            new EventTopic<>(Topics.MODELS, ModelReleaseParser::new, ModelRelease.class, true);
    public static final EventTopic<ModelRollout> MODEL_ROLLOUTS =
            new EventTopic<>(Topics.MODEL_ROLLOUTS, ModelRolloutParser::new, ModelRollout.class, true);

    /** The topic's records, parsed; watermarks from {@code watermarks}, generated in the source per Kafka partition. */
    public DataStream<ParseResult<T>> source(StreamExecutionEnvironment env, CommonOptions opts,
                                             WatermarkStrategy<ParseResult<T>> watermarks) {
        TypeInformation<T> eventType = TypeInformation.of(type);
        KafkaSource<ParseResult<T>> source = compacted
                ? KafkaIO.tableSource(opts.bootstrap(), topic, opts.groupId(), parser.get(), eventType)
                : KafkaIO.source(opts.bootstrap(), topic, opts.groupId(), opts.startFrom(), parser.get(), eventType);
        return env.fromSource(source, watermarks, topic).uid(topic + "-source");
    }

    /** Valid events; the rejected ones, naming {@code job}, are on the {@link SplitDeadLetters#DEAD_LETTERS} side output. */
    public SingleOutputStreamOperator<T> parse(DataStream<ParseResult<T>> parsed, String job) {
        return parsed.process(new SplitDeadLetters<>(job), TypeInformation.of(type))
                .uid("parse-" + topic).name("parse " + topic);
    }
}
