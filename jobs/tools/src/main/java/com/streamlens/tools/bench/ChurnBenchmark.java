package com.streamlens.tools.bench;

import com.streamlens.jobs.churn.ChurnJob;
import com.streamlens.jobs.churn.ChurnJobOptions;
import com.streamlens.jobs.common.Args;
import com.streamlens.operators.churn.ChurnFeatures;
import com.streamlens.operators.churn.ChurnModelArtefact;
import com.streamlens.operators.churn.ChurnTrainer;
import com.streamlens.operators.ingest.ParsedEventTime;
import com.streamlens.operators.io.kafka.ParsingDeserializer;
import com.streamlens.state.events.ClickEvent;
import com.streamlens.state.events.ClickType;
import com.streamlens.state.events.MailEvent;
import com.streamlens.state.events.ParseResult;
import com.streamlens.state.records.ChurnScore;
import com.streamlens.state.serde.Json;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.util.ParameterTool;

/**
 * scripts/bench-churn: how fast due customers are scored, in-process, parallelism 1, RocksDB. N customers first buy and
 * browse on one day (the load phase); then the end of input moves event time on and every customer's timers fire: two
 * daily scores and, the lifetime being three days here, a final one, each timer → features from RocksDB → micro-batched
 * DL4J scoring with explanations → the Kafka-bound records. The scoring phase runs from the first score to the last; its
 * per-core figure divides by the JVM's CPU seconds over that phase. Prints RESULT {json} last; target
 * customers_scored_per_s_per_core ≥ 50,000 at 1 M customers.
 */
public final class ChurnBenchmark {
    private static final long T0 = 1_793_577_600_000L; // a Monday 00:00 UTC
    /** Wall and CPU nanoseconds at the first and the latest score (one JVM: the sink writes them here). */
    static volatile long firstWall, firstCpu, lastWall, lastCpu, scores;

    private ChurnBenchmark() {}

    public static void main(String[] args) throws Exception {
        ParameterTool p = ParameterTool.fromArgs(args);
        int customers = Args.intIn(p, "customers", 1_000_000, 1, 100_000_000);
        Configuration conf = GeoBenchmark.flinkConf(Path.of(p.get("flink-conf", "flink-conf")));
        // The end of input fires every customer's timers in one watermark: no checkpoint could pass meanwhile (the job
        // spreads customers over the day; this benchmark wants them all at once).
        conf.removeKey("execution.checkpointing.interval");
        // A subtask that holds a million customers (~570 MB of state) wants a block cache of that order: --managed-memory.
        if (p.has("managed-memory")) conf.setString("taskmanager.memory.managed.size", p.get("managed-memory"));
        String model = p.has("model") ? p.get("model") : syntheticModel(Files.createTempDirectory("bench-churn-"));
        System.out.printf("warming up (JIT) on %,d customers ...%n", Math.max(1, customers / 10));
        run(conf, model, Math.max(1, customers / 10), p);
        System.out.printf("measuring: %,d customers (parallelism 1, RocksDB) ...%n", customers);
        GeoBenchmark.Run whole = GeoBenchmark.timed(() -> run(conf, model, customers, p));
        double scoringWall = (lastWall - firstWall) / 1e9, scoringCpu = (lastCpu - firstCpu) / 1e9;
        long n = scores;
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("customers", customers);
        result.put("customers_scored", n);
        result.put("scoring_wall_s", round(scoringWall));
        result.put("scoring_cpu_s", round(scoringCpu));
        result.put("customers_scored_per_s", Math.round(n / scoringWall));
        result.put("customers_scored_per_s_per_core", Math.round(n / scoringCpu));
        result.put("whole_run_wall_s", round(whole.wallS()));
        result.put("whole_run_cpu_s", round(whole.cpuS()));
        System.out.printf(Locale.ROOT, "churn: %,d scores in %.1f s wall, %.1f s CPU -> %,d customers scored/s, %,d per core (whole run %.1f s)%n",
                n, scoringWall, scoringCpu, Math.round(n / scoringWall), Math.round(n / scoringCpu), whole.wallS());
        System.out.println("RESULT " + Json.toString(result));
    }

    /** A model of the default shape on random rows: the benchmark measures speed, not what the weights say. */
    static String syntheticModel(Path dir) throws Exception {
        SplittableRandom rnd = new SplittableRandom(1);
        List<float[]> x = new ArrayList<>();
        boolean[] y = new boolean[5_000];
        for (int i = 0; i < y.length; i++) {
            float[] r = new float[ChurnFeatures.NAMES.size()];
            for (int j = 0; j < r.length; j++) r[j] = (float) (10 * rnd.nextDouble());
            y[i] = r[0] + rnd.nextGaussian() > 5;
            x.add(r);
        }
        var cfg = ChurnTrainer.defaults();
        return ChurnModelArtefact.save(dir, ChurnTrainer.train(x, y, "bench", cfg, line -> {}), cfg, 90, Map.of(), "bench").toString();
    }

    static void run(Configuration conf, String model, int customers, ParameterTool p) throws Exception {
        firstWall = firstCpu = lastWall = lastCpu = scores = 0;
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(1);
        ChurnJobOptions opts = ChurnJobOptions.fromArgs(new String[] {"--model", model, "--lifetime-days", "3",
                "--batch", p.get("batch", "1024"), "--batch-wait-ms", "100", "--out-of-orderness-ms", "0"});
        // No watermark until the end of input: the load phase passes no timer, then every timer fires (the scoring phase).
        WatermarkStrategy<ParseResult<ClickEvent>> watermarks = WatermarkStrategy.<ParseResult<ClickEvent>>noWatermarks()
                .withTimestampAssigner((r, previous) -> r.event.ts);
        var clicks = env.fromSource(new DataGeneratorSource<>(new CustomerDay(customers), 3L * customers,
                ParsingDeserializer.typeOf(TypeInformation.of(ClickEvent.class))), watermarks, "customers' day");
        var mail = env.fromData(List.of(ParseResult.ok(new MailEvent())), ParsingDeserializer.typeOf(TypeInformation.of(MailEvent.class)))
                .assignTimestampsAndWatermarks(ParsedEventTime.boundedOutOfOrderness(Duration.ZERO, Duration.ofSeconds(5), m -> m.ts));
        ChurnJob.build(clicks, mail, null, opts, new ChurnJob.Sinks(new TimingSink(), new DiscardingSink<>(), new DiscardingSink<>(), null));
        env.execute("bench-churn");
    }

    /** Event i: customer i mod N's view, cart or purchase on day 0 (three events each). */
    static final class CustomerDay implements GeneratorFunction<Long, ParseResult<ClickEvent>> {
        private final int customers;

        CustomerDay(int customers) {
            this.customers = customers;
        }

        @Override
        public ParseResult<ClickEvent> map(Long i) {
            int c = (int) (i % customers);
            int k = (int) (i / customers);
            ClickEvent e = new ClickEvent();
            e.schema = 1;
            e.eventId = Long.toString(i);
            e.siteId = "shop-" + (c % 20);
            e.userId = "u" + c;
            e.sessionId = "s" + c;
            e.ts = T0 + 3_600_000L + i * (20 * 3_600_000L / (3L * customers)); // spread over the day, in order
            e.type = k == 0 ? ClickType.PAGE_VIEW : k == 1 ? ClickType.ADD_TO_CART : ClickType.PURCHASE;
            e.itemId = "i" + (c % 5_000);
            if (k == 0) e.url = "https://shop.example/item/" + e.itemId;
            if (k == 2) {
                e.orderId = "o" + c;
                e.revenue = 10.0 + c % 90;
            }
            return ParseResult.ok(e);
        }
    }

    /** Counts scores and notes the wall and CPU time of the first and the latest. */
    static final class TimingSink implements Sink<ChurnScore> {
        @Override
        public SinkWriter<ChurnScore> createWriter(WriterInitContext context) {
            var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            return new SinkWriter<>() {
                @Override
                public void write(ChurnScore s, Context ctx) {
                    long wall = System.nanoTime(), cpu = os.getProcessCpuTime();
                    if (scores++ == 0) {
                        firstWall = wall;
                        firstCpu = cpu;
                    }
                    lastWall = wall;
                    lastCpu = cpu;
                }

                @Override
                public void flush(boolean endOfInput) {}

                @Override
                public void close() {}
            };
        }
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }
}
