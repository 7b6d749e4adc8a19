package com.streamlens.tools.bench;

import com.streamlens.jobs.common.Args;
import com.streamlens.jobs.geo.GeoActivityJob;
import com.streamlens.jobs.geo.GeoJobOptions;
import com.streamlens.operators.io.kafka.ParsingDeserializer;
import com.streamlens.operators.io.redis.RedisEndpoint;
import com.streamlens.operators.io.redis.RedisSink;
import com.streamlens.operators.io.redis.RedisSinkOptions;
import com.streamlens.operators.io.redis.RedisWrite;
import com.streamlens.state.events.ClickEvent;
import com.streamlens.state.events.ParseResult;
import com.streamlens.tools.generator.GeneratedClicks;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.GlobalConfiguration;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.util.ParameterTool;

/**
 * scripts/bench-geo: throughput of the geo job in-process (generator → parse → H3 → windows on RocksDB →
 * discarding sinks) and of the Redis sink against a real redis-server. Prints RESULT {json} last.
 * Per-core figures divide by the CPU seconds the whole JVM burned (JIT, GC and Flink's own threads included).
 * The same events also go through {@link GeoSql}, the aggregation as a user would write it in Flink SQL, in the same run.
 */
public final class GeoBenchmark {
    private GeoBenchmark() {}

    public static void main(String[] args) throws Exception {
        ParameterTool p = ParameterTool.fromArgs(args);
        long events = Args.longIn(p, "events", 3_000_000, 1_000, Long.MAX_VALUE);
        long redisOps = Args.longIn(p, "redis-ops", 2_000_000, 1_000, Long.MAX_VALUE);
        String redis = p.getRequired("redis");
        Configuration conf = flinkConf(Path.of(p.get("flink-conf", "flink-conf")));

        Map<String, Object> result = new LinkedHashMap<>();
        System.out.println("warming up the geo pipeline (JIT) with " + events / 10 + " events ...");
        runGeo(conf, events / 10);
        System.out.println("measuring the geo pipeline over " + events + " events (parallelism 1, RocksDB) ...");
        Run geo = runGeo(conf, events);
        result.put("geo_events", events);
        result.put("geo_wall_s", round(geo.wallS));
        result.put("geo_cpu_s", round(geo.cpuS));
        result.put("geo_events_per_s", Math.round(events / geo.wallS));
        result.put("geo_events_per_s_per_core", Math.round(events / geo.cpuS));
        System.out.printf(Locale.ROOT, "geo: %d events in %.1f s wall, %.1f s CPU -> %,d events/s, %,d per core%n",
                events, geo.wallS, geo.cpuS, Math.round(events / geo.wallS), Math.round(events / geo.cpuS));

        System.out.println("warming up the same aggregation written in Flink SQL ...");
        runGeoSql(conf, events / 10);
        System.out.println("measuring the Flink SQL version over " + events + " events (TUMBLE 30 s, GROUP BY H3 cell, COUNT, COUNT DISTINCT) ...");
        Run sql = runGeoSql(conf, events);
        result.put("sql_wall_s", round(sql.wallS));
        result.put("sql_cpu_s", round(sql.cpuS));
        result.put("sql_events_per_s_per_core", Math.round(events / sql.cpuS));
        result.put("ratio_vs_sql", round(sql.cpuS / geo.cpuS));
        System.out.printf(Locale.ROOT, "sql: %d events in %.1f s wall, %.1f s CPU -> %,d per core; the product's pipeline is %.2fx its throughput per core%n",
                events, sql.wallS, sql.cpuS, Math.round(events / sql.cpuS), sql.cpuS / geo.cpuS);

        System.out.println("measuring the Redis sink with " + redisOps + " SET EX writes against " + redis + " ...");
        runRedis(conf, redis, redisOps / 10);
        Run r = runRedis(conf, redis, redisOps);
        result.put("redis_ops", redisOps);
        result.put("redis_wall_s", round(r.wallS));
        result.put("redis_sink_ops_per_s", Math.round(redisOps / r.wallS));
        System.out.printf(Locale.ROOT, "redis: %d writes in %.1f s -> %,d ops/s%n", redisOps, r.wallS, Math.round(redisOps / r.wallS));

        System.out.println("RESULT " + com.streamlens.state.serde.Json.toString(result));
    }

    record Run(double wallS, double cpuS) {}

    static Run runGeo(Configuration conf, long events) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(1);
        GeoJobOptions opts = GeoJobOptions.fromArgs(new String[0]);
        GeoActivityJob.build(generatedClicks(env, opts, events), opts, new GeoActivityJob.Sinks(
                new DiscardingSink<>(), new DiscardingSink<>(), new DiscardingSink<>(), new DiscardingSink<>()));
        return timed(() -> env.execute("bench-geo"));
    }

    /** The same generated events through {@link GeoSql}'s query, with the same configuration and parallelism. */
    static Run runGeoSql(Configuration conf, long events) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(1);
        GeoJobOptions opts = GeoJobOptions.fromArgs(new String[0]);
        GeoSql.build(env, generatedClicks(env, opts, events), opts.resolution(), opts.window().toSeconds());
        return timed(() -> env.execute("bench-geo-sql"));
    }

    /** Parsed in the source, as the Kafka source does, with the job's own watermarks; the same sequence on every call. */
    static DataStream<ParseResult<ClickEvent>> generatedClicks(StreamExecutionEnvironment env, GeoJobOptions opts, long events) {
        return env.fromSource(
                new DataGeneratorSource<>(new GeneratedClicks(7, 50, 200_000, 20_000), events,
                        ParsingDeserializer.typeOf(TypeInformation.of(ClickEvent.class))),
                GeoActivityJob.watermarks(opts), "generated clickstream");
    }

    static Run runRedis(Configuration conf, String redisUri, long ops) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(1);
        GeneratorFunction<Long, RedisWrite> writes = i -> RedisWrite.string("bench:cell:" + (i % 100_000),
                "{\"hits\":" + i + ",\"users\":" + (i % 977) + ",\"load_ms_trimmed_median\":1234.5}", 60);
        env.fromSource(new DataGeneratorSource<>(writes, ops, TypeInformation.of(RedisWrite.class)),
                        WatermarkStrategy.noWatermarks(), "generated writes")
                .sinkTo(new RedisSink(RedisEndpoint.parse(redisUri), RedisSinkOptions.defaults()));
        return timed(() -> env.execute("bench-redis"));
    }

    interface Job {
        void run() throws Exception;
    }

    static Run timed(Job job) throws Exception {
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long cpu0 = os.getProcessCpuTime();
        long t0 = System.nanoTime();
        job.run();
        return new Run((System.nanoTime() - t0) / 1e9, (os.getProcessCpuTime() - cpu0) / 1e9);
    }

    public static Configuration flinkConf(Path dir) throws Exception {
        Configuration conf = GlobalConfiguration.loadConfiguration(dir.toAbsolutePath().toString());
        conf.removeKey("jobmanager.memory.process.size");
        conf.removeKey("taskmanager.memory.process.size");
        // What one slot of the local cluster's task manager gets (2560m process, 4 slots).
        conf.setString("taskmanager.memory.managed.size", "256m");
        conf.setString("execution.checkpointing.dir", Files.createTempDirectory("bench-checkpoints").toUri().toString());
        return conf;
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }
}
