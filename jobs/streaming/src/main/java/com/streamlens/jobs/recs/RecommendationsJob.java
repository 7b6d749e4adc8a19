package com.streamlens.jobs.recs;

import com.streamlens.jobs.common.BotFilter;
import com.streamlens.jobs.common.EventTopic;
import com.streamlens.state.records.BotVerdict;
import com.streamlens.jobs.common.JobEnvironment;
import com.streamlens.jobs.common.JobMain;
import com.streamlens.operators.ingest.SplitDeadLetters;
import com.streamlens.operators.io.kafka.KafkaIO;
import com.streamlens.operators.io.redis.RedisSink;
import com.streamlens.operators.io.redis.RedisSinkOptions;
import com.streamlens.operators.io.redis.RedisWrite;
import com.streamlens.operators.recs.Interaction;
import com.streamlens.operators.recs.ItemUpdate;
import com.streamlens.operators.recs.MergePopularLists;
import com.streamlens.operators.recs.RecommendationToRedis;
import com.streamlens.operators.recs.RecsSettings;
import com.streamlens.operators.recs.RecsState;
import com.streamlens.operators.recs.ToInteraction;
import com.streamlens.operators.recs.TrackPopularItems;
import com.streamlens.operators.recs.UpdateItemFactors;
import com.streamlens.operators.recs.UpdateUserFactors;
import com.streamlens.state.Topics;
import com.streamlens.state.events.ClickEvent;
import com.streamlens.state.events.DeadLetter;
import com.streamlens.state.events.ParseResult;
import com.streamlens.state.records.ItemFactor;
import com.streamlens.state.records.Recommendation;
import java.util.List;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Online iALS recommendations. Item rows make a loop through the compacted {@code item-factors} topic: the
 * item side publishes them, every user-side subtask reads them back as broadcast state (and a bootstrap
 * snapshot arrives the same way).
 *
 * <pre>
 * clickstream ─► parse ─► interactions ─┬► keyBy user: re-solve x_u, refresh lists (GEMM) ─┬► ItemUpdate ─► keyBy item: re-solve y_i ─► item-factors ─┐
 *                  └► dead-letters       │        ▲ broadcast item rows                      ├► user Gram Δ (broadcast to the item side)                 │
 *                                        │        └──────────────────── item-factors ◄───────┼───────────────────────────────────────────────────────────┘
 *                                        │                                                   └► user / similar lists ─┬► recommendations
 *                                        └► keyBy site: decayed counts ─► merge ─► popular lists ────────────────────┴► reco:* keys
 * </pre>
 */
public final class RecommendationsJob {

    /** Where the job's results go; Kafka/Redis in production. */
    public record Sinks(Sink<Recommendation> recommendations, Sink<ItemFactor> itemFactors, Sink<DeadLetter> deadLetters,
                        Sink<RedisWrite> redis) {}

    private RecommendationsJob() {}

    public static void main(String[] args) throws Exception {
        JobMain.run(RecsJobOptions.JOB_NAME, RecsJobOptions.USAGE, args, RecsJobOptions::fromArgs, RecommendationsJob::wireProduction);
    }

    public static void wireProduction(StreamExecutionEnvironment env, RecsJobOptions opts) {
        JobEnvironment.forbidGenericTypes(env);
        String kafka = opts.common().bootstrap();
        List<String> topics = new java.util.ArrayList<>(List.of(Topics.CLICKSTREAM, Topics.DEAD_LETTERS, Topics.ITEM_FACTORS, Topics.RECOMMENDATIONS));
        if (opts.bots().enabled()) topics.add(Topics.BOT_VERDICTS);
        KafkaIO.requireTopics(kafka, topics);
        DataStream<ParseResult<ItemFactor>> itemFactors =
                EventTopic.ITEM_FACTORS.source(env, opts.common(), WatermarkStrategy.noWatermarks());
        var delivery = opts.common().delivery();
        String txPrefix = opts.common().groupId();
        build(EventTopic.CLICKSTREAM.source(env, opts.common(), WatermarkStrategy.noWatermarks()), itemFactors,
                BotFilter.source(env, opts.common(), opts.bots()), opts, new Sinks(
                KafkaIO.jsonSink(kafka, Topics.RECOMMENDATIONS, Recommendation::key, delivery, txPrefix + "-recs"),
                KafkaIO.jsonSink(kafka, Topics.ITEM_FACTORS, f -> f.itemId, delivery, txPrefix + "-factors"),
                KafkaIO.jsonSink(kafka, Topics.DEAD_LETTERS, d -> d.sourceTopic, delivery, txPrefix + "-dlq"),
                new RedisSink(opts.common().reachableRedis(), RedisSinkOptions.defaults())));
    }

    /** {@code botVerdicts}: the antibot's verdicts, whose bots' events are dropped; null when the filter is off. */
    public static void build(DataStream<ParseResult<ClickEvent>> clicks, DataStream<ParseResult<ItemFactor>> itemFactors,
                             DataStream<ParseResult<BotVerdict>> botVerdicts, RecsJobOptions opts, Sinks sinks) {
        RecsSettings settings = opts.settings();
        SingleOutputStreamOperator<ClickEvent> parsed = EventTopic.CLICKSTREAM.parse(clicks, RecsJobOptions.JOB_NAME);
        BotFilter.Filtered humans = BotFilter.apply(parsed, botVerdicts, opts.bots(), RecsJobOptions.JOB_NAME);
        DataStream<Interaction> interactions = humans.clicks()
                .flatMap(new ToInteraction(settings.als()), TypeInformation.of(Interaction.class))
                .uid("recs-interactions").name("interactions");
        SingleOutputStreamOperator<ItemFactor> itemRows = EventTopic.ITEM_FACTORS.parse(itemFactors, RecsJobOptions.JOB_NAME);

        SingleOutputStreamOperator<ItemUpdate> userSide = interactions
                .keyBy(i -> i.userId, Types.STRING)
                .connect(itemRows.broadcast(RecsState.itemFactors()))
                .process(new UpdateUserFactors(settings), TypeInformation.of(ItemUpdate.class))
                .uid("recs-user-side").name("user rows + lists");
        SingleOutputStreamOperator<ItemFactor> newItemRows = userSide
                .keyBy(u -> u.itemId, Types.STRING)
                .connect(userSide.getSideOutput(UpdateUserFactors.USER_GRAM).broadcast(RecsState.userGram()))
                .process(new UpdateItemFactors(settings), TypeInformation.of(ItemFactor.class))
                .uid("recs-item-side").name("item rows");

        SingleOutputStreamOperator<Recommendation> sitePopular = interactions
                .keyBy(i -> i.siteId, Types.STRING)
                .connect(itemRows.filter(ItemFactor::isRetirement).uid("recs-retirements").name("retirements")
                        .broadcast(RecsState.retiredItems()))
                .process(new TrackPopularItems(settings), TypeInformation.of(Recommendation.class))
                .uid("recs-popular-per-site").name("popular per site");
        SingleOutputStreamOperator<Recommendation> allPopular = sitePopular
                .keyBy(r -> Recommendation.ALL_SITES, Types.STRING)
                .process(new MergePopularLists(settings.topN(), settings.popularEveryMs()))
                .uid("recs-popular-all").name("popular overall").setParallelism(1);
        DataStream<Recommendation> lists = userSide.getSideOutput(UpdateUserFactors.RECOMMENDATIONS)
                .union(sitePopular, allPopular);

        newItemRows.sinkTo(sinks.itemFactors()).uid("item-factors-sink").name("item-factors");
        lists.sinkTo(sinks.recommendations()).uid("recommendations-sink").name("recommendations");
        DataStream<DeadLetter> deadLetters = parsed.getSideOutput(SplitDeadLetters.DEAD_LETTERS).union(itemRows.getSideOutput(SplitDeadLetters.DEAD_LETTERS));
        (humans.deadLetters() == null ? deadLetters : deadLetters.union(humans.deadLetters()))
                .sinkTo(sinks.deadLetters()).uid("dead-letter-sink").name("dead-letters");
        lists.map(new RecommendationToRedis(opts.userTtlSeconds(), opts.itemTtlSeconds()), TypeInformation.of(RedisWrite.class))
                .uid("recs-redis").name("reco:*")
                .sinkTo(sinks.redis()).uid("redis-sink").name("redis");
    }
}
