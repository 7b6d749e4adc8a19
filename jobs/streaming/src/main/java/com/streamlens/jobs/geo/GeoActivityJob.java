package com.streamlens.jobs.geo;

import com.streamlens.jobs.common.EventTopic;
import com.streamlens.jobs.common.JobEnvironment;
import com.streamlens.jobs.common.JobMain;
import com.streamlens.operators.geo.AssembleGeoMap;
import com.streamlens.operators.geo.GeoCellPartials;
import com.streamlens.operators.geo.GeoHit;
import com.streamlens.operators.geo.GeoMapSnapshot;
import com.streamlens.operators.geo.MergeGeoCellPartials;
import com.streamlens.operators.geo.PageLoad;
import com.streamlens.operators.geo.PageLoadBatch;
import com.streamlens.operators.geo.PageLoadBatches;
import com.streamlens.operators.geo.SiteSpeed;
import com.streamlens.operators.geo.SummarizeGeoCell;
import com.streamlens.operators.geo.ToGeoHit;
import com.streamlens.operators.geo.ToPageLoad;
import com.streamlens.operators.geo.TrackSiteSpeed;
import com.streamlens.operators.ingest.LateEventToDeadLetter;
import com.streamlens.operators.ingest.ParsedEventTime;
import com.streamlens.operators.ingest.SplitDeadLetters;
import com.streamlens.operators.ingest.SplitLateEvents;
import com.streamlens.operators.io.kafka.KafkaIO;
import com.streamlens.operators.io.redis.RedisSink;
import com.streamlens.operators.io.redis.RedisSinkOptions;
import com.streamlens.operators.io.redis.RedisWrite;
import com.streamlens.operators.io.redis.ToRedisJson;
import com.streamlens.operators.runtime.PreAggregateWindows;
import com.streamlens.state.Topics;
import com.streamlens.state.events.ClickEvent;
import com.streamlens.state.events.DeadLetter;
import com.streamlens.state.events.ParseResult;
import com.streamlens.state.records.GeoCellPartial;
import com.streamlens.state.records.GeoCellStats;
import com.streamlens.state.redis.RedisKeys;
import java.util.List;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;
import org.apache.flink.util.OutputTag;

/**
 * 30-second geo aggregation of store hits (the "activity map") and per-site page speed ("site speed").
 *
 * <pre>
 * clickstream ─► parse ─► watermarks ─► late? ─┬► H3 cell ─► local 30 s partials ─► keyBy cell ─► 30 s window ─┬► geo-activity-30s, geo:cell:*
 *                  │                        │      │                                                     └► all cells ─► geo:map:*
 *                  │ dead letters           │ late └► page loads ─► local 30 s batches ─► keyBy site ─► last 1,250 ─► site-speed, speed:site:*
 *                  └────────────────────────┴──────────────────────────────────────────────────────────────────────► dead-letters
 * </pre>
 */
public final class GeoActivityJob {
    // SplitLateEvents runs on the same watermark first, so these stay empty; the pre-aggregators still count any.
    static final OutputTag<GeoHit> LATE_HITS = new OutputTag<>("late-geo-hits") {};
    static final OutputTag<PageLoad> LATE_PAGE_LOADS = new OutputTag<>("late-page-loads") {};
    /** Bound of the pre-aggregators' memory: cell-windows (or site-periods) held before an early flush. */
    static final int MAX_BUFFERED_KEY_WINDOWS = 50_000;

    /** Where the job's results go; the Kafka/Redis ones in production, collecting ones in tests. */
    public record Sinks(Sink<GeoCellStats> cells, Sink<SiteSpeed> speeds, Sink<DeadLetter> deadLetters, Sink<RedisWrite> redis) {}

    private GeoActivityJob() {}

    public static void main(String[] args) throws Exception {
        JobMain.run(GeoJobOptions.JOB_NAME, GeoJobOptions.USAGE, args, GeoJobOptions::fromArgs, GeoActivityJob::wireProduction);
    }

    /** The production sources and sinks (Kafka in, Kafka and Redis out), after checking that every topic exists. */
    public static void wireProduction(StreamExecutionEnvironment env, GeoJobOptions opts) {
        JobEnvironment.forbidGenericTypes(env);
        String kafka = opts.common().bootstrap();
        KafkaIO.requireTopics(kafka, List.of(Topics.CLICKSTREAM, Topics.DEAD_LETTERS, Topics.GEO_ACTIVITY_30S, Topics.SITE_SPEED));
        DataStream<ParseResult<ClickEvent>> clicks = EventTopic.CLICKSTREAM.source(env, opts.common(), watermarks(opts));
        var delivery = opts.common().delivery();
        String txPrefix = opts.common().groupId();
        build(clicks, opts, new Sinks(
                KafkaIO.jsonSink(kafka, Topics.GEO_ACTIVITY_30S, c -> c.cell, delivery, txPrefix),
                KafkaIO.jsonSink(kafka, Topics.SITE_SPEED, s -> s.siteId, delivery, txPrefix),
                KafkaIO.jsonSink(kafka, Topics.DEAD_LETTERS, d -> d.sourceTopic, delivery, txPrefix),
                new RedisSink(opts.common().reachableRedis(), RedisSinkOptions.defaults())));
    }

    /** Event time from the events' {@code ts}, for the clickstream source (so, per Kafka partition). */
    public static WatermarkStrategy<ParseResult<ClickEvent>> watermarks(GeoJobOptions opts) {
        return ParsedEventTime.boundedOutOfOrderness(opts.common().outOfOrderness(), opts.common().idleness(), e -> e.ts);
    }

    /** Wires the pipeline between the parsed clickstream, carrying {@link #watermarks} from its source, and the sinks. */
    public static void build(DataStream<ParseResult<ClickEvent>> clicks, GeoJobOptions opts, Sinks sinks) {
        int res = opts.resolution();
        SingleOutputStreamOperator<ClickEvent> parsed = EventTopic.CLICKSTREAM.parse(clicks, GeoJobOptions.JOB_NAME);
        long windowMs = opts.window().toMillis();
        SingleOutputStreamOperator<ClickEvent> events = parsed
                .process(new SplitLateEvents(windowMs)).uid("split-late-events").name("late events");

        SingleOutputStreamOperator<GeoCellPartial> cellPartials = events
                .flatMap(new ToGeoHit(res)).uid("to-geo-hit").name("H3 cell")
                .transform("pre-aggregate cells", TypeInformation.of(GeoCellPartial.class),
                        new PreAggregateWindows<>(new GeoCellPartials(), windowMs, MAX_BUFFERED_KEY_WINDOWS, LATE_HITS))
                .uid("geo-cell-preaggregate");
        SingleOutputStreamOperator<GeoCellStats> cells = cellPartials
                .keyBy(p -> p.cell, Types.LONG)
                .window(TumblingEventTimeWindows.of(opts.window()))
                .aggregate(new MergeGeoCellPartials(), new SummarizeGeoCell(res, opts.trimFraction()))
                .uid("geo-cell-windows").name("cell windows");
        DataStream<GeoMapSnapshot> maps = cells
                .windowAll(TumblingEventTimeWindows.of(opts.window()))
                .process(new AssembleGeoMap(res))
                .uid("geo-map-window").name("whole map");
        DataStream<SiteSpeed> speeds = events
                .flatMap(new ToPageLoad()).uid("page-loads").name("page loads")
                .transform("pre-aggregate page loads", TypeInformation.of(PageLoadBatch.class),
                        new PreAggregateWindows<>(new PageLoadBatches(), windowMs, MAX_BUFFERED_KEY_WINDOWS, LATE_PAGE_LOADS))
                .uid("page-load-preaggregate")
                .keyBy(b -> b.siteId, Types.STRING)
                .process(new TrackSiteSpeed(opts.speedSamples(), windowMs, opts.trimFraction()))
                .uid("site-speed").name("site speed");

        DataStream<DeadLetter> deadLetters = parsed.getSideOutput(SplitDeadLetters.DEAD_LETTERS)
                .union(events.getSideOutput(SplitLateEvents.LATE)
                        .map(LateEventToDeadLetter.ofWindowedClicks(Topics.CLICKSTREAM, GeoJobOptions.JOB_NAME), TypeInformation.of(DeadLetter.class)).uid("late-events-dlq").name("late to DLQ"));

        cells.sinkTo(sinks.cells()).uid("geo-activity-sink").name("geo-activity-30s");
        speeds.sinkTo(sinks.speeds()).uid("site-speed-sink").name("site-speed");
        deadLetters.sinkTo(sinks.deadLetters()).uid("dead-letter-sink").name("dead-letters");

        cells.map(new ToRedisJson<GeoCellStats>(c -> RedisKeys.geoCell(c.resolution, c.cell), opts.cellTtlSeconds()))
                .uid("geo-cell-redis").name("geo:cell")
                .union(maps.map(new ToRedisJson<GeoMapSnapshot>(m -> RedisKeys.geoMap(m.resolution), opts.cellTtlSeconds()))
                                .uid("geo-map-redis").name("geo:map"),
                        speeds.map(new ToRedisJson<SiteSpeed>(s -> RedisKeys.siteSpeed(s.siteId), opts.speedTtlSeconds()))
                                .uid("site-speed-redis").name("speed:site"))
                .sinkTo(sinks.redis()).uid("redis-sink").name("redis");
    }
}
