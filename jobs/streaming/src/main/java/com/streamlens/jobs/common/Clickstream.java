package com.streamlens.jobs.common;

import com.streamlens.operators.ingest.SplitDeadLetters;
import com.streamlens.operators.io.kafka.KafkaIO;
import com.streamlens.state.Topics;
import com.streamlens.state.events.ClickEvent;
import com.streamlens.state.events.ParseResult;
import com.streamlens.state.serde.ClickEventParser;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/** The clickstream input every job starts from: the Kafka source (parsing in it) and the split of its dead letters. */
public final class Clickstream {
    private Clickstream() {}

    public static final TypeInformation<ClickEvent> EVENT_TYPE = TypeInformation.of(ClickEvent.class);

    /** Parsed clicks; watermarks from {@code watermarks}, generated in the source per Kafka partition. */
    public static DataStream<ParseResult<ClickEvent>> kafkaSource(StreamExecutionEnvironment env, CommonOptions opts,
                                                                   WatermarkStrategy<ParseResult<ClickEvent>> watermarks) {
        return env.fromSource(KafkaIO.source(opts.bootstrap(), Topics.CLICKSTREAM, opts.groupId(), opts.startFrom(),
                                new ClickEventParser(), EVENT_TYPE), watermarks, "clickstream")
                .uid("clickstream-source");
    }

    /** Valid events; the rejected ones are on the {@link SplitDeadLetters#DEAD_LETTERS} side output. */
    public static SingleOutputStreamOperator<ClickEvent> parse(DataStream<ParseResult<ClickEvent>> parsed) {
        return parsed.process(new SplitDeadLetters<>(), EVENT_TYPE)
                .uid("parse-clickstream").name("parse clickstream");
    }
}
