package com.streamlens.tools.antibot;

import com.streamlens.jobs.antibot.AntibotJobOptions;
import com.streamlens.jobs.common.Args;
import com.streamlens.operators.antibot.AntibotModelArtefact;
import com.streamlens.operators.antibot.AntibotSettings;
import com.streamlens.operators.antibot.AntibotTrainer;
import com.streamlens.operators.io.BadInput;
import com.streamlens.state.serde.Json;
import com.streamlens.tools.ToolMain;
import com.streamlens.tools.generator.BotTraffic;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.io.FileUtils;
import org.apache.flink.util.ParameterTool;

/**
 * scripts/eval-antibot: replays labelled traffic through the antibot job's code and reports how well it separates bots
 * from people. Generated traffic (default): per seed, a model is trained on one stream and judged on another with other
 * visitors. {@code --events FILE --labels FILE}: the visitors are split in two by a hash of their id; a model trained on
 * each half judges the other (2-fold). {@code --model DIR}: that model judges everything, no training. Figures are means
 * over the runs with their standard deviations ({@code _sd}). The last line is RESULT {json}.
 */
public final class EvalAntibot {
    /** 2026-11-02T00:00:00Z: generated traffic starts here (a Monday). */
    static final long START = 1_793_577_600_000L;

    private EvalAntibot() {}

    public static void main(String[] args) throws Exception {
        ToolMain.exitOnBadInput(args, EvalAntibot::run);
    }

    static void run(String[] args) throws Exception {
        ParameterTool p = ParameterTool.fromArgs(args);
        AntibotSettings settings = AntibotJobOptions.settings(p);
        int hidden = Args.intIn(p, "hidden", AntibotTrainer.Config.defaults().hidden(), 0, 4096);
        List<Map<String, Double>> runs = new ArrayList<>();
        Path work = Files.createTempDirectory("eval-antibot-");
        try {
            if (p.has("events") || p.has("labels")) {
                if (!p.has("events") || !p.has("labels")) throw new BadInput("--events and --labels go together");
                AntibotReplay.Traffic all = AntibotReplay.read(Path.of(p.get("events")), Path.of(p.get("labels")));
                System.out.printf("%d click and %d mail events, %d labelled users%n", all.clicks().size(), all.mails().size(), all.labels().size());
                if (p.has("model")) {
                    runs.add(judge(all, p.get("model"), settings));
                } else {
                    for (int fold = 0; fold < 2; fold++) {
                        int f = fold;
                        AntibotReplay.Traffic train = all.only(u -> half(u) != f), test = all.only(u -> half(u) == f);
                        runs.add(judge(test, trainOn(train, settings, hidden, 42 + fold, work), settings));
                    }
                }
            } else {
                int seeds = Args.intIn(p, "seeds", 3, 1, 50);
                double scale = Args.doubleIn(p, "scale", 1, 0.01, 100);
                BotTraffic.Mix mix = BotTraffic.Mix.parse(p.get("mix", "")).scaled(scale);
                for (int s = 0; s < seeds; s++) {
                    long seed = 1000L * (s + 1);
                    System.out.printf("seed %d: training traffic %d, test traffic %d%n", s + 1, seed + 1, seed + 2);
                    String model = p.has("model") ? p.get("model")
                            : trainOn(AntibotReplay.Traffic.generated(seed + 1, START, 2, mix), settings, hidden, seed, work);
                    runs.add(judge(AntibotReplay.Traffic.generated(seed + 2, START, 2, mix), model, settings));
                }
            }
        } finally {
            FileUtils.deleteQuietly(work.toFile());
        }
        Map<String, Object> result = new LinkedHashMap<>();
        for (String k : runs.get(0).keySet()) {
            double mean = runs.stream().mapToDouble(r -> r.getOrDefault(k, Double.NaN)).average().orElse(Double.NaN);
            double var = runs.stream().mapToDouble(r -> Math.pow(r.getOrDefault(k, Double.NaN) - mean, 2)).sum() / Math.max(1, runs.size() - 1);
            result.put(k, round(mean));
            result.put(k + "_sd", round(Math.sqrt(var)));
        }
        result.put("runs", runs.size());
        System.out.println("RESULT " + Json.toString(result));
    }

    static int half(String user) {
        return (user.hashCode() * 0x9E3779B1 >>> 31);
    }

    static String trainOn(AntibotReplay.Traffic t, AntibotSettings settings, int hidden, long seed, Path work) throws Exception {
        var ex = TrainAntibot.fromTraffic(t, settings);
        var cfg = AntibotTrainer.Config.defaults().withHidden(hidden).withSeed(seed);
        var trained = AntibotTrainer.train(ex.x(), ex.bot(), "eval-" + seed, cfg, System.out::println);
        return AntibotModelArtefact.save(work, trained, cfg, Map.of(), TrainAntibot.hash(ex)).toString();
    }

    static Map<String, Double> judge(AntibotReplay.Traffic t, String model, AntibotSettings settings) throws Exception {
        long started = System.nanoTime();
        var r = AntibotReplay.replay(t, model, settings);
        Map<String, Double> m = AntibotMetrics.of(r.verdicts(), t.labels());
        System.out.println("reasons on humans' bot verdicts: " + AntibotMetrics.humanFalsePositiveReasons(r.verdicts(), t.labels()));
        System.out.printf("replayed %d events (%d rejected as the job would) in %.1f s: %s%n", t.clicks().size() + t.mails().size(),
                r.rejected(), (System.nanoTime() - started) / 1e9, m);
        return m;
    }

    private static double round(double v) {
        return Math.round(v * 1e5) / 1e5;
    }
}
