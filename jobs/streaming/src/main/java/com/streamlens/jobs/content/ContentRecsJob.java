package com.streamlens.jobs.content;

import com.streamlens.jobs.common.EventTopic;
import com.streamlens.jobs.common.JobEnvironment;
import com.streamlens.jobs.common.JobMain;
import com.streamlens.operators.content.ContentEvent;
import com.streamlens.operators.content.ContentJobSettings;
import com.streamlens.operators.content.ContentState;
import com.streamlens.operators.content.TagItems;
import com.streamlens.operators.content.ToContentEvent;
import com.streamlens.operators.content.UpdateContentProfiles;
import com.streamlens.operators.ingest.SplitDeadLetters;
import com.streamlens.operators.io.kafka.KafkaIO;
import com.streamlens.operators.io.redis.RedisSink;
import com.streamlens.operators.io.redis.RedisSinkOptions;
import com.streamlens.operators.io.redis.RedisWrite;
import com.streamlens.operators.recs.RecommendationToRedis;
import com.streamlens.state.Topics;
import com.streamlens.state.events.CatalogueItem;
import com.streamlens.state.events.ClickEvent;
import com.streamlens.state.events.DeadLetter;
import com.streamlens.state.events.ParseResult;
import com.streamlens.state.records.ItemTags;
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
 * Content tag profiles and content-based lists (docs/models/content.md).
 *
 * <pre>
 * clickstream ─► parse ─► views / carts / purchases ─┬► keyBy site: tag new or changed items (document frequencies), ─► item tags ─┐ broadcast
 * items ───────► parse ─► catalogue records ─────────┘   count repurchases                                                      │
 * recommendations (kind user, read back) ─► iALS lists ─┐                                                                    │
 *                  └► dead-letters                    └► keyBy user: decayed tag profile, coalesced refresh, index top-N ◄──────────────┘
 *                                                         (+ the iALS list blended: hybrid)
 *                                                                 ├► content, hybrid lists ─┬► recommendations (kinds content, hybrid, profile)
 *                                                                 └► profiles ──────────────┴► reco:content:{user}, reco:hybrid:{user}, profile:user:{user}
 * </pre>
 */
public final class ContentRecsJob {

    /** Where the job's results go; Kafka/Redis in production. */
    public record Sinks(Sink<Recommendation> recommendations, Sink<DeadLetter> deadLetters, Sink<RedisWrite> redis) {}

    private ContentRecsJob() {}

    public static void main(String[] args) throws Exception {
        JobMain.run(ContentJobOptions.JOB_NAME, ContentJobOptions.USAGE, args, ContentJobOptions::fromArgs, ContentRecsJob::wireProduction);
    }

    public static void wireProduction(StreamExecutionEnvironment env, ContentJobOptions opts) {
        JobEnvironment.forbidGenericTypes(env);
        String kafka = opts.common().bootstrap();
        KafkaIO.requireTopics(kafka, List.of(Topics.CLICKSTREAM, Topics.ITEMS, Topics.DEAD_LETTERS, Topics.RECOMMENDATIONS));
        var delivery = opts.common().delivery();
        String txPrefix = opts.common().groupId();
        build(EventTopic.CLICKSTREAM.source(env, opts.common(), WatermarkStrategy.noWatermarks()),
                EventTopic.ITEMS.source(env, opts.common(), WatermarkStrategy.noWatermarks()),
                opts.hybrid() ? EventTopic.RECOMMENDATIONS.source(env, opts.common(), WatermarkStrategy.noWatermarks()) : null, opts, new Sinks(
                KafkaIO.jsonSink(kafka, Topics.RECOMMENDATIONS, Recommendation::key, delivery, txPrefix + "-content"),
                KafkaIO.jsonSink(kafka, Topics.DEAD_LETTERS, d -> d.sourceTopic, delivery, txPrefix + "-dlq"),
                new RedisSink(opts.common().reachableRedis(), RedisSinkOptions.defaults())));
    }

    /** {@code ialsLists}: the recommendations topic read back for the hybrid, or null without it. */
    public static void build(DataStream<ParseResult<ClickEvent>> clicks, DataStream<ParseResult<CatalogueItem>> catalogue,
                             DataStream<ParseResult<Recommendation>> ialsLists, ContentJobOptions opts, Sinks sinks) {
        ContentJobSettings settings = opts.settings();
        SingleOutputStreamOperator<ClickEvent> parsed = EventTopic.CLICKSTREAM.parse(clicks, ContentJobOptions.JOB_NAME);
        SingleOutputStreamOperator<CatalogueItem> items = EventTopic.ITEMS.parse(catalogue, ContentJobOptions.JOB_NAME);
        DataStream<ContentEvent> events = parsed
                .flatMap(new ToContentEvent(), TypeInformation.of(ContentEvent.class))
                .uid("content-events").name("views, carts, purchases");
        DataStream<ContentEvent> catalogueRecords = items
                .map(new ToContentEvent.FromCatalogue(), TypeInformation.of(ContentEvent.class))
                .uid("content-catalogue").name("catalogue records");
        SingleOutputStreamOperator<ItemTags> itemTags = events.union(catalogueRecords)
                .keyBy(e -> e.siteId, Types.STRING)
                .process(new TagItems(settings), TypeInformation.of(ItemTags.class))
                .uid("content-items").name("item tags per site");
        DataStream<ContentEvent> perVisitor = events;
        DataStream<DeadLetter> deadLetters = parsed.getSideOutput(SplitDeadLetters.DEAD_LETTERS).union(items.getSideOutput(SplitDeadLetters.DEAD_LETTERS));
        if (ialsLists != null) {
            SingleOutputStreamOperator<Recommendation> readBack = EventTopic.RECOMMENDATIONS.parse(ialsLists, ContentJobOptions.JOB_NAME);
            perVisitor = events.union(readBack.flatMap(new ToContentEvent.FromIalsList(), TypeInformation.of(ContentEvent.class))
                    .uid("content-ials-lists").name("iALS lists"));
            deadLetters = deadLetters.union(readBack.getSideOutput(SplitDeadLetters.DEAD_LETTERS));
        }
        SingleOutputStreamOperator<Recommendation> lists = perVisitor
                .keyBy(e -> e.userId, Types.STRING)
                .connect(itemTags.broadcast(ContentState.itemTags()))
                .process(new UpdateContentProfiles(settings), TypeInformation.of(Recommendation.class))
                .uid("content-profiles").name("profiles + content lists");
        DataStream<Recommendation> out = lists.union(lists.getSideOutput(UpdateContentProfiles.PROFILES));

        out.sinkTo(sinks.recommendations()).uid("content-recommendations-sink").name("recommendations");
        deadLetters.sinkTo(sinks.deadLetters()).uid("content-dead-letter-sink").name("dead-letters");
        out.map(new RecommendationToRedis(opts.userTtlSeconds(), opts.userTtlSeconds()), TypeInformation.of(RedisWrite.class))
                .uid("content-redis").name("reco:content:*, profile:user:*")
                .sinkTo(sinks.redis()).uid("content-redis-sink").name("redis");
    }
}
