package com.streamlens.tools;

import com.streamlens.jobs.common.Args;
import com.streamlens.operators.io.BadInput;
import com.streamlens.operators.io.BadRows;
import com.streamlens.operators.recs.Interaction;
import com.streamlens.operators.recs.als.AlsConfig;
import com.streamlens.operators.recs.als.RecsEvaluation.Result;
import com.streamlens.operators.recs.als.RecsEvaluation;
import com.streamlens.state.serde.Json;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.math3.stat.StatUtils;
import org.apache.flink.util.ParameterTool;

/**
 * scripts/eval-recs: replays a MovieLens-format ratings file through the online iALS update and scoring code
 * (protocol in {@link RecsEvaluation}), by default as the job is deployed: its hyper-parameters (k = 64, history
 * 200), its exclusion of the user's bounded history and its item-row delay. Runs several seeds and reports their
 * mean and spread, and each hit rate's 95% bootstrap interval over users. With --tune it first searches the
 * hyper-parameters coordinate by coordinate on a validation split carved from the training part only (its last 10%
 * by time), never on the stream. The last line is RESULT {json}.
 */
public final class EvalRecs {
    private EvalRecs() {}

    public static void main(String[] args) throws Exception {
        ToolMain.exitOnBadInput(args, EvalRecs::evaluate);
    }

    static void evaluate(String[] args) {
        ParameterTool p = ParameterTool.fromArgs(args);
        if (!p.has("ratings")) throw new IllegalArgumentException("give --ratings PATH (MovieLens CSV: userId,movieId,rating,timestamp)");
        AlsConfig d = AlsConfig.defaults();
        AlsConfig config = new AlsConfig(
                Args.intIn(p, "factors", d.factors(), 1, 1024),
                Args.doubleIn(p, "w0", d.unobservedWeight(), 1e-9, 1e6),
                Args.doubleIn(p, "lambda", d.regularization(), 1e-9, 1e9),
                Args.doubleIn(p, "nu", d.regExponent(), 0, 1),
                d.viewWeight(), d.cartWeight(), d.purchaseWeight(),
                Args.intIn(p, "history", d.historyLimit(), 1, 100_000),
                Args.doubleIn(p, "recency-boost", d.recencyBoost(), 0, 1e6),
                Args.doubleIn(p, "recency-span", d.recencySpan(), 1e-3, 1e6));
        int epochs = Args.intIn(p, "epochs", 10, 1, 1000);
        long seed = Args.longIn(p, "seed", 42, Long.MIN_VALUE, Long.MAX_VALUE);
        int seeds = Args.intIn(p, "seeds", 3, 1, 100);
        String exclude = p.get("exclude", "history");
        if (!exclude.equals("history") && !exclude.equals("all")) {
            throw new IllegalArgumentException("--exclude must be history (the job's bounded history) or all, got '" + exclude + "'");
        }
        RecsEvaluation.Protocol protocol = new RecsEvaluation.Protocol(exclude.equals("history"),
                Args.longIn(p, "item-delay-ms", RecsEvaluation.Protocol.JOB.itemDelayMs(), 0, 86_400_000));

        Path ratings = Path.of(p.get("ratings"));
        BadRows badRows = ToolMain.badRows(p);
        List<Interaction> log = RecsEvaluation.readPositives(ratings, 4.0, config.viewWeight(), badRows);
        ToolMain.reportSkipped(badRows);
        List<List<Interaction>> split = RecsEvaluation.split(log, 0.9);
        if (split.get(0).isEmpty() || split.get(1).isEmpty()) {
            throw BadInput.of(ratings, log.size() + " positives: too few for a training part and a test stream (the last 10% by time)");
        }
        System.out.printf("%d positives (rating >= 4): %d training, %d stream%n", log.size(), split.get(0).size(), split.get(1).size());
        if (p.has("tune")) config = Tuning.tune(config, epochs, seed, split.get(0));

        System.out.println("hyper-parameters: " + config.describe() + " epochs=" + epochs + " seeds=" + seed + ".." + (seed + seeds - 1)
                + " exclude=" + exclude + " item-delay-ms=" + protocol.itemDelayMs());
        double[] hr10 = new double[seeds], hr20 = new double[seeds];
        Result first = null;
        for (int i = 0; i < seeds; i++) {
            System.out.println("== seed " + (seed + i));
            Result r = RecsEvaluation.run(config, epochs, seed + i, split.get(0), split.get(1), protocol, System.out::println);
            if (first == null) first = r;
            hr10[i] = r.hr10();
            hr20[i] = r.hr20();
            System.out.printf("seed %d: hr@10 %.4f [%.4f, %.4f]  hr@20 %.4f [%.4f, %.4f] over %d users%n", seed + i,
                    r.hr10(), r.hr10Low(), r.hr10High(), r.hr20(), r.hr20Low(), r.hr20High(), r.nUsers());
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("hr@10", round(StatUtils.mean(hr10)));
        result.put("hr@20", round(StatUtils.mean(hr20)));
        result.put("hr@10_ci_low", round(first.hr10Low()));
        result.put("hr@10_ci_high", round(first.hr10High()));
        result.put("hr@20_ci_low", round(first.hr20Low()));
        result.put("hr@20_ci_high", round(first.hr20High()));
        result.put("hr@10_seed_sd", round(seeds < 2 ? 0 : Math.sqrt(StatUtils.variance(hr10))));
        result.put("hr@20_seed_sd", round(seeds < 2 ? 0 : Math.sqrt(StatUtils.variance(hr20))));
        result.put("seeds", seeds);
        result.put("pop_hr@10", round(first.popHr10()));
        result.put("pop_hr@20", round(first.popHr20()));
        result.put("n_eval", first.nEval());
        result.put("n_users", first.nUsers());
        result.put("n_cold", first.nCold());
        result.put("n_skipped", first.nSkipped());
        result.put("factors", config.factors());
        result.put("exclude", exclude);
        result.put("item_delay_ms", protocol.itemDelayMs());
        result.put("update_ms_p50", Math.round(first.updateMsP50() * 10_000) / 10_000.0);
        System.out.println("RESULT " + Json.toString(result));
    }

    static double round(double v) {
        return Math.round(v * 10_000) / 10_000.0;
    }

    /** Coordinate-wise search on a validation split of the training part. */
    static final class Tuning {
        private Tuning() {}

        static AlsConfig tune(AlsConfig start, int epochs, long seed, List<Interaction> training) {
            List<List<Interaction>> val = RecsEvaluation.split(training, 0.9);
            System.out.printf("tuning on validation: %d fit, %d validation events (from the training part only)%n",
                    val.get(0).size(), val.get(1).size());
            AlsConfig best = start;
            double bestScore = score(best, epochs, seed, val);
            double[][] grids = {
                {0.03, 0.1, 0.3, 1.0, 3.0},      // w0
                {0.1, 0.3, 1.0, 3.0, 10.0},      // lambda
                {0.0, 0.5},                      // nu (frequency-scaled λ)
                {0.0, 3.0, 10.0, 30.0},          // recency boost
                {1.0, 3.0, 10.0},                // recency span
            };
            for (int coord = 0; coord < grids.length; coord++) {
                for (double v : grids[coord]) {
                    AlsConfig c = set(best, coord, v);
                    if (c.equals(best)) continue;
                    double s = score(c, epochs, seed, val);
                    if (s > bestScore) {
                        bestScore = s;
                        best = c;
                    }
                }
                System.out.println("tuning: best so far " + best.describe() + " score " + round(bestScore));
            }
            return best;
        }

        private static AlsConfig set(AlsConfig c, int coord, double v) {
            return switch (coord) {
                case 0 -> c.with(v, c.regularization(), c.regExponent(), c.recencyBoost(), c.recencySpan());
                case 1 -> c.with(c.unobservedWeight(), v, c.regExponent(), c.recencyBoost(), c.recencySpan());
                case 2 -> c.with(c.unobservedWeight(), c.regularization(), v, c.recencyBoost(), c.recencySpan());
                case 3 -> c.with(c.unobservedWeight(), c.regularization(), c.regExponent(), v, c.recencySpan());
                default -> c.with(c.unobservedWeight(), c.regularization(), c.regExponent(), c.recencyBoost(), v);
            };
        }

        /** hr@10 + hr@20 on the validation replay. */
        private static double score(AlsConfig c, int epochs, long seed, List<List<Interaction>> val) {
            Result r = RecsEvaluation.run(c, epochs, seed, val.get(0), val.get(1), RecsEvaluation.Protocol.JOB, line -> {});
            System.out.printf("  validation %s: hr@10 %.4f hr@20 %.4f%n", c.describe(), r.hr10(), r.hr20());
            return r.hr10() + r.hr20();
        }
    }
}
