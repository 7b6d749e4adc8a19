package com.streamlens.tools.bench;

import com.streamlens.jobs.antibot.AntibotJob;
import com.streamlens.jobs.antibot.AntibotJobOptions;
import com.streamlens.jobs.common.Args;
import com.streamlens.operators.antibot.AntibotModelArtefact;
import com.streamlens.operators.antibot.AntibotTrainer;
import com.streamlens.operators.ingest.ParsedEventTime;
import com.streamlens.operators.io.kafka.ParsingDeserializer;
import com.streamlens.state.Topics;
import com.streamlens.state.events.ClickEvent;
import com.streamlens.state.events.MailEvent;
import com.streamlens.state.events.ParseResult;
import com.streamlens.state.events.RawRecord;
import com.streamlens.state.serde.ClickEventParser;
import com.streamlens.state.serde.Json;
import com.streamlens.tools.antibot.AntibotReplay;
import com.streamlens.tools.generator.BotTraffic;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.util.ParameterTool;

/**
 * scripts/bench-antibot: throughput of the antibot's fast path in-process, parallelism 1, RocksDB: clickstream payloads
 * parsed in the source (as the Kafka source does) → session features and timers → three CEP patterns → signal counts →
 * micro-batched DL4J scoring → the judge's path → discarding sinks. Per-core figures divide by the CPU seconds of the whole
 * JVM. Prints RESULT {json} last; target events_per_s_per_core ≥ 60,000.
 */
public final class AntibotBenchmark {
    /** The payloads the generator source serves (in-process: one JVM, so a static array is shared with the source). */
    static byte[][] payloads;

    private AntibotBenchmark() {}

    public static void main(String[] args) throws Exception {
        ParameterTool p = ParameterTool.fromArgs(args);
        double scale = Args.doubleIn(p, "scale", 4, 0.01, 100);
        Configuration conf = GeoBenchmark.flinkConf(Path.of(p.get("flink-conf", "flink-conf")));
        Path work = Files.createTempDirectory("bench-antibot-");
        String model = p.get("model", null);
        if (model == null) {
            System.out.println("training a session model on generated traffic ...");
            var t = AntibotReplay.Traffic.generated(11, 1_793_577_600_000L, 2, BotTraffic.Mix.defaults().scaled(0.3));
            var ex = com.streamlens.tools.antibot.TrainAntibot.fromTraffic(t, com.streamlens.operators.antibot.AntibotSettings.defaults());
            var cfg = AntibotTrainer.Config.defaults();
            model = AntibotModelArtefact.save(work, AntibotTrainer.train(ex.x(), ex.bot(), "bench", cfg, line -> {}), cfg, Map.of(), "bench").toString();
        }
        BotTraffic traffic = new BotTraffic(12, 1_793_577_600_000L, 2, 5_000, BotTraffic.Mix.defaults().scaled(scale));
        payloads = traffic.clicks().stream().map(Json::toBytes).toArray(byte[][]::new);
        List<MailEvent> mails = traffic.mails();
        System.out.printf("%,d clickstream events (%,d MB of JSON), %,d logins and registrations%n", payloads.length,
                java.util.Arrays.stream(payloads).mapToLong(b -> b.length).sum() >> 20, mails.size());
        System.out.println("warming up (JIT) ...");
        run(conf, model, payloads.length / 5, mails, args);
        System.out.println("measuring (parallelism 1, RocksDB) ...");
        GeoBenchmark.Run r = run(conf, model, payloads.length, mails, args);
        long n = payloads.length;
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("events", n);
        result.put("wall_s", Math.round(r.wallS() * 100) / 100.0);
        result.put("cpu_s", Math.round(r.cpuS() * 100) / 100.0);
        result.put("events_per_s", Math.round(n / r.wallS()));
        result.put("events_per_s_per_core", Math.round(n / r.cpuS()));
        System.out.printf(Locale.ROOT, "antibot: %,d events in %.1f s wall, %.1f s CPU -> %,d events/s, %,d per core%n",
                n, r.wallS(), r.cpuS(), Math.round(n / r.wallS()), Math.round(n / r.cpuS()));
        System.out.println("RESULT " + Json.toString(result));
    }

    /** {@code jobArgs}: the job's own options (pattern windows, batch sizes), as given to the benchmark. */
    static GeoBenchmark.Run run(Configuration conf, String model, long events, List<MailEvent> mails, String[] jobArgs) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(1);
        String[] withModel = java.util.Arrays.copyOf(jobArgs, jobArgs.length + 2);
        withModel[jobArgs.length] = "--model";
        withModel[jobArgs.length + 1] = model;
        AntibotJobOptions opts = AntibotJobOptions.fromArgs(withModel);
        var clicks = env.fromSource(new DataGeneratorSource<>(new ParsedPayloads(), events,
                ParsingDeserializer.typeOf(TypeInformation.of(ClickEvent.class))), AntibotJob.clickWatermarks(opts), "clickstream payloads");
        var mailResults = mails.stream().map(ParseResult::ok).toList();
        var mail = env.fromData(mailResults, ParsingDeserializer.typeOf(TypeInformation.of(MailEvent.class)))
                .assignTimestampsAndWatermarks(ParsedEventTime.boundedOutOfOrderness(opts.common().outOfOrderness(), opts.common().idleness(), m -> m.ts));
        AntibotJob.build(clicks, mail, null, opts, new AntibotJob.Sinks(new DiscardingSink<>(), new DiscardingSink<>(), new DiscardingSink<>(),
                new DiscardingSink<>(), new DiscardingSink<>(), null));
        return GeoBenchmark.timed(() -> env.execute("bench-antibot"));
    }

    /** The n-th payload, parsed as the Kafka source's deserializer does. */
    static final class ParsedPayloads implements GeneratorFunction<Long, ParseResult<ClickEvent>> {
        private final ClickEventParser parser = new ClickEventParser();

        @Override
        public ParseResult<ClickEvent> map(Long i) {
            return ParsingDeserializer.parse(parser, new RawRecord(Topics.CLICKSTREAM, 0, i, -1L, payloads[(int) (i % payloads.length)]));
        }
    }
}
