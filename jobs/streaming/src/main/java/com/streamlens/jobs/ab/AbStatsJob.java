package com.streamlens.jobs.ab;

import com.streamlens.jobs.common.BotFilter;
import com.streamlens.jobs.common.EventTopic;
import com.streamlens.state.records.BotVerdict;
import com.streamlens.jobs.common.JobEnvironment;
import com.streamlens.jobs.common.JobMain;
import com.streamlens.operators.abtest.AbStat;
import com.streamlens.operators.abtest.AggregateExperiment;
import com.streamlens.operators.abtest.AttributeToExperiments;
import com.streamlens.operators.abtest.ExperimentReport;
import com.streamlens.operators.ingest.SplitDeadLetters;
import com.streamlens.operators.io.kafka.KafkaIO;
import com.streamlens.operators.io.redis.RedisSink;
import com.streamlens.operators.io.redis.RedisSinkOptions;
import com.streamlens.operators.io.redis.RedisWrite;
import com.streamlens.operators.io.redis.ToRedisHashField;
import com.streamlens.state.Topics;
import com.streamlens.state.events.ClickEvent;
import com.streamlens.state.events.ClickType;
import com.streamlens.state.events.DeadLetter;
import com.streamlens.state.events.ParseResult;
import com.streamlens.state.redis.RedisKeys;
import java.util.List;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Continuous A/B statistics.
 *
 * <pre>
 * clickstream ─► parse ─► keyBy user: attribute to first exposure ─► keyBy experiment: moments ─► every 10 s ─┬► ab-stats (upsert)
 *                  └► dead-letters                                                                             └► ab:{experiment} hash
 * </pre>
 */
public final class AbStatsJob {

    /** Where the job's results go; Kafka/Redis in production, collecting sinks in tests. */
    public record Sinks(Sink<AbStat> stats, Sink<DeadLetter> deadLetters, Sink<RedisWrite> redis) {}

    private AbStatsJob() {}

    public static void main(String[] args) throws Exception {
        JobMain.run(AbStatsJobOptions.JOB_NAME, AbStatsJobOptions.USAGE, args, AbStatsJobOptions::fromArgs, AbStatsJob::wireProduction);
    }

    public static void wireProduction(StreamExecutionEnvironment env, AbStatsJobOptions opts) {
        JobEnvironment.forbidGenericTypes(env);
        String kafka = opts.common().bootstrap();
        KafkaIO.requireTopics(kafka, opts.bots().enabled() ? List.of(Topics.CLICKSTREAM, Topics.DEAD_LETTERS, Topics.AB_STATS, Topics.BOT_VERDICTS)
                : List.of(Topics.CLICKSTREAM, Topics.DEAD_LETTERS, Topics.AB_STATS));
        var delivery = opts.common().delivery();
        String txPrefix = opts.common().groupId();
        build(EventTopic.CLICKSTREAM.source(env, opts.common(), WatermarkStrategy.noWatermarks()),
                BotFilter.source(env, opts.common(), opts.bots()), opts, new Sinks(
                KafkaIO.jsonSink(kafka, Topics.AB_STATS, AbStat::key, delivery, txPrefix),
                KafkaIO.jsonSink(kafka, Topics.DEAD_LETTERS, d -> d.sourceTopic, delivery, txPrefix),
                new RedisSink(opts.common().reachableRedis(), RedisSinkOptions.defaults())));
    }

    /** {@code botVerdicts}: the antibot's verdicts, whose bots' events are dropped; null when the filter is off. */
    public static void build(DataStream<ParseResult<ClickEvent>> clicks, DataStream<ParseResult<BotVerdict>> botVerdicts,
                             AbStatsJobOptions opts, Sinks sinks) {
        SingleOutputStreamOperator<ClickEvent> parsed = EventTopic.CLICKSTREAM.parse(clicks, AbStatsJobOptions.JOB_NAME);
        BotFilter.Filtered humans = BotFilter.apply(parsed, botVerdicts, opts.bots(), AbStatsJobOptions.JOB_NAME);
        SingleOutputStreamOperator<AbStat> stats = humans.clicks()
                // page_timing beacons move no metric; dropping them here saves a shuffle of a quarter of the stream.
                .filter(e -> e.type != ClickType.PAGE_TIMING).uid("ab-relevant-events").name("A/B events")
                .keyBy(e -> e.userId, Types.STRING)
                .process(new AttributeToExperiments(opts.lateExposureMs())).uid("ab-attribution").name("attribute to exposures")
                .keyBy(c -> c.experiment, Types.STRING)
                .process(new AggregateExperiment(new ExperimentReport(opts.control(), opts.alpha(), opts.tau(), opts.allocations()), opts.emitEveryMs()))
                .uid("ab-aggregate").name("experiment statistics");

        stats.sinkTo(sinks.stats()).uid("ab-stats-sink").name("ab-stats");
        DataStream<DeadLetter> deadLetters = parsed.getSideOutput(SplitDeadLetters.DEAD_LETTERS);
        if (humans.deadLetters() != null) deadLetters = deadLetters.union(humans.deadLetters());
        deadLetters.sinkTo(sinks.deadLetters()).uid("dead-letter-sink").name("dead-letters");
        stats.map(new ToRedisHashField<AbStat>(s -> RedisKeys.abExperiment(s.experiment), s -> s.variant + ":" + s.metric,
                        opts.redisTtlSeconds()))
                .uid("ab-redis").name("ab:experiment")
                .sinkTo(sinks.redis()).uid("redis-sink").name("redis");
    }
}
