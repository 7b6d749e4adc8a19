package com.streamlens.tools;

import com.streamlens.jobs.common.Args;
import com.streamlens.jobs.content.ContentJobOptions;
import com.streamlens.operators.io.BadInput;
import com.streamlens.operators.io.BadRows;
import com.streamlens.operators.recs.Interaction;
import com.streamlens.operators.recs.als.AlsConfig;
import com.streamlens.operators.content.ContentReplay;
import com.streamlens.operators.content.ContentSettings;
import com.streamlens.operators.content.MovieLensCatalogue;
import com.streamlens.operators.recs.als.RecsEvaluation.HitRates;
import com.streamlens.operators.recs.als.RecsEvaluation.Result;
import com.streamlens.operators.recs.als.ReplayModels;
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

        String model = p.get("model", "ials");
        if (!List.of("ials", "content", "hybrid").contains(model)) {
            throw new IllegalArgumentException("--model must be ials, content or hybrid, got '" + model + "'");
        }
        ContentSide content = ContentSide.read(p, !model.equals("ials"));
        ContentSettings contentSettings = content == null ? null : content.settings(p);
        if (content != null && p.has("tune-content")) contentSettings = Tuning.tuneContent(config, epochs, seed, split.get(0), content, contentSettings);

        System.out.println("hyper-parameters: " + config.describe() + " epochs=" + epochs + " seeds=" + seed + ".." + (seed + seeds - 1)
                + " exclude=" + exclude + " item-delay-ms=" + protocol.itemDelayMs() + " model=" + model
                + (content == null ? "" : " " + contentSettings.describe()));
        Map<String, double[][]> byModel = new LinkedHashMap<>(); // model → {hr10, hr20, cold10, cold20} per seed
        Result first = null;
        for (int i = 0; i < seeds; i++) {
            System.out.println("== seed " + (seed + i));
            ReplayModels extra = content == null ? null : content.replay(contentSettings);
            Result r = RecsEvaluation.run(config, epochs, seed + i, split.get(0), split.get(1), protocol, extra, System.out::println);
            if (first == null) first = r;
            for (Map.Entry<String, HitRates> m : r.models().entrySet()) {
                double[][] v = byModel.computeIfAbsent(m.getKey(), k -> new double[4][seeds]);
                v[0][i] = m.getValue().hr10();
                v[1][i] = m.getValue().hr20();
                v[2][i] = m.getValue().coldHr10();
                v[3][i] = m.getValue().coldHr20();
            }
            HitRates chosen = r.models().get(model);
            double[] ci10 = chosen.interval(10, seed + i), ci20 = chosen.interval(20, seed + i);
            System.out.printf("seed %d %s: hr@10 %.4f [%.4f, %.4f]  hr@20 %.4f [%.4f, %.4f] over %d users; cold items (%d events): hr@10 %.4f hr@20 %.4f%n",
                    seed + i, model, chosen.hr10(), ci10[0], ci10[1], chosen.hr20(), ci20[0], ci20[1], r.nUsers(), chosen.coldItems(),
                    chosen.coldHr10(), chosen.coldHr20());
        }
        HitRates chosenFirst = first.models().get(model);
        double[] ci10 = chosenFirst.interval(10, seed), ci20 = chosenFirst.interval(20, seed);
        double[][] chosen = byModel.get(model);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("model", model);
        result.put("hr@10", round(StatUtils.mean(chosen[0])));
        result.put("hr@20", round(StatUtils.mean(chosen[1])));
        result.put("hr@10_ci_low", round(ci10[0]));
        result.put("hr@10_ci_high", round(ci10[1]));
        result.put("hr@20_ci_low", round(ci20[0]));
        result.put("hr@20_ci_high", round(ci20[1]));
        result.put("hr@10_seed_sd", round(seeds < 2 ? 0 : Math.sqrt(StatUtils.variance(chosen[0]))));
        result.put("hr@20_seed_sd", round(seeds < 2 ? 0 : Math.sqrt(StatUtils.variance(chosen[1]))));
        result.put("hr@10_cold_items", round(StatUtils.mean(chosen[2])));
        result.put("hr@20_cold_items", round(StatUtils.mean(chosen[3])));
        result.put("n_cold_items", chosenFirst.coldItems());
        result.put("seeds", seeds);
        for (Map.Entry<String, double[][]> m : byModel.entrySet()) { // every model on the same events, for paired comparisons
            String prefix = m.getKey().equals("popularity") ? "pop" : m.getKey();
            result.put(prefix + "_hr@10", round(StatUtils.mean(m.getValue()[0])));
            result.put(prefix + "_hr@20", round(StatUtils.mean(m.getValue()[1])));
            result.put(prefix + "_hr@10_cold_items", round(StatUtils.mean(m.getValue()[2])));
            result.put(prefix + "_hr@20_cold_items", round(StatUtils.mean(m.getValue()[3])));
        }
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

    /** The catalogue (--items movies.csv, optional --tags tags.csv) the content and hybrid models read. */
    record ContentSide(Map<String, String> items, List<MovieLensCatalogue.TimedTag> tags) {
        static ContentSide read(ParameterTool p, boolean required) {
            if (!p.has("items")) {
                if (required) throw new IllegalArgumentException("--model content and hybrid need --items PATH (MovieLens movies.csv: movieId,title,genres)");
                return null;
            }
            BadRows badRows = ToolMain.badRows(p);
            Map<String, String> items = MovieLensCatalogue.readMovies(Path.of(p.get("items")), badRows);
            List<MovieLensCatalogue.TimedTag> tags = p.has("tags") ? MovieLensCatalogue.readTags(Path.of(p.get("tags")), badRows) : List.of();
            ToolMain.reportSkipped(badRows);
            System.out.printf("catalogue: %d items, %d timed tags%n", items.size(), tags.size());
            return new ContentSide(items, tags);
        }

        ContentSettings settings(ParameterTool p) {
            return ContentJobOptions.modelSettings(p); // the job's own options and defaults
        }

        ReplayModels replay(ContentSettings settings) {
            return new ContentReplay(items, tags, settings);
        }
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

        /**
         * The content side's half-life, then the blend's w, k_u and k_i, on the same validation split (the training part's
         * last 10% by time), scored by the hybrid's hr@10 + hr@20 (and content's own for the half-life).
         */
        static ContentSettings tuneContent(AlsConfig als, int epochs, long seed, List<Interaction> training, ContentSide content,
                                           ContentSettings start) {
            List<List<Interaction>> val = RecsEvaluation.split(training, 0.9);
            System.out.printf("tuning the content side on validation: %d fit, %d validation events%n", val.get(0).size(), val.get(1).size());
            ContentSettings best = start;
            double bestScore = Double.NEGATIVE_INFINITY;
            for (double days : new double[] {1, 7, 30, 180, 3650}) {
                ContentSettings c = best.withHalfLife(Math.round(days * ContentSettings.DAY_MS));
                Result r = RecsEvaluation.run(als, epochs, seed, val.get(0), val.get(1), RecsEvaluation.Protocol.JOB, content.replay(c), line -> {});
                double s = r.models().get("content").hr10() + r.models().get("content").hr20();
                System.out.printf("  validation half-life %s days: content hr@10 %.4f hr@20 %.4f%n", days, r.models().get("content").hr10(), r.models().get("content").hr20());
                if (s > bestScore) {
                    bestScore = s;
                    best = c;
                }
            }
            // Then the blend, coordinate by coordinate: w, k_u, k_i.
            bestScore = Double.NEGATIVE_INFINITY;
            double[][] grids = {{0.2, 0.35, 0.5, 0.75, 1.0}, {0, 5, 20, 100}, {0, 2, 5, 20}};
            for (int coord = 0; coord < grids.length; coord++) {
                for (double v : grids[coord]) {
                    ContentSettings c = switch (coord) {
                        case 0 -> best.withBlend(best.userHalf(), best.itemHalf(), v);
                        case 1 -> best.withBlend(v, best.itemHalf(), best.contentWeight());
                        default -> best.withBlend(best.userHalf(), v, best.contentWeight());
                    };
                    if (coord > 0 && c.equals(best)) continue;
                    Result r = RecsEvaluation.run(als, epochs, seed, val.get(0), val.get(1), RecsEvaluation.Protocol.JOB, content.replay(c), line -> {});
                    HitRates h = r.models().get("hybrid");
                    System.out.printf("  validation w %s k_u %s k_i %s: hybrid hr@10 %.4f hr@20 %.4f (iALS %.4f %.4f)%n", c.contentWeight(),
                            c.userHalf(), c.itemHalf(), h.hr10(), h.hr20(), r.models().get("ials").hr10(), r.models().get("ials").hr20());
                    if (h.hr10() + h.hr20() > bestScore) {
                        bestScore = h.hr10() + h.hr20();
                        best = c;
                    }
                }
            }
            System.out.println("tuning: content " + best.describe());
            return best;
        }

        /** hr@10 + hr@20 on the validation replay. */
        private static double score(AlsConfig c, int epochs, long seed, List<List<Interaction>> val) {
            Result r = RecsEvaluation.run(c, epochs, seed, val.get(0), val.get(1), RecsEvaluation.Protocol.JOB, line -> {});
            System.out.printf("  validation %s: hr@10 %.4f hr@20 %.4f%n", c.describe(), r.hr10(), r.hr20());
            return r.hr10() + r.hr20();
        }
    }
}
