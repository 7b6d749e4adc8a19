package com.streamlens.tools.churn;

import com.streamlens.jobs.common.Args;
import com.streamlens.operators.churn.ChurnModel;
import com.streamlens.operators.churn.ChurnModelArtefact;
import com.streamlens.operators.churn.ChurnSettings;
import com.streamlens.operators.churn.ChurnSnapshots;
import com.streamlens.operators.churn.ChurnSnapshots.Snapshot;
import com.streamlens.operators.churn.ChurnTrainer;
import com.streamlens.operators.io.BadInput;
import com.streamlens.operators.io.BadRows;
import com.streamlens.operators.nd4j.TabularTrainer;
import com.streamlens.operators.stats.BinaryMetrics;
import com.streamlens.state.events.ClickEvent;
import com.streamlens.state.serde.Json;
import com.streamlens.tools.ClickstreamFile;
import com.streamlens.tools.ToolMain;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.math3.stat.descriptive.DescriptiveStatistics;
import org.apache.flink.util.ParameterTool;

/**
 * scripts/train-churn --events FILE.jsonl[.gz]: snapshots of a clickstream history at weekly cut-offs (the job's own
 * feature code), a time-ordered evaluation against two baselines (recency, RFM logistic regression) over rolling
 * folds, then the model trained on every labelled snapshot and written as a versioned artefact. The last line is
 * RESULT {json}: the folds' means, with their standard deviations and the gains over the baselines.
 */
public final class TrainChurn {
    private TrainChurn() {}

    public static void main(String[] args) throws Exception {
        ToolMain.exitOnBadInput(args, TrainChurn::run);
    }

    static void run(String[] args) throws Exception {
        ParameterTool p = ParameterTool.fromArgs(args);
        if (!p.has("events")) throw new BadInput("--events FILE.jsonl[.gz] is required (clickstream events; scripts/convert-online-retail makes them from UCI's CSV)");
        Path events = Path.of(p.get("events"));
        Duration horizon = Duration.ofDays(Args.intIn(p, "horizon-days", 90, 1, 3650));
        Duration active = Duration.ofDays(Args.intIn(p, "active-days", 90, 1, 3650));
        Duration warmup = Duration.ofDays(Args.intIn(p, "warmup-days", 28, 0, 3650));
        int folds = Args.intIn(p, "folds", 3, 1, 20);
        int testWeeks = Args.intIn(p, "test-weeks", 4, 1, 52);
        TabularTrainer.Config d = ChurnTrainer.defaults();
        TabularTrainer.Config cfg = new TabularTrainer.Config(Args.intIn(p, "hidden", d.hidden(), 0, 1024), Args.intIn(p, "epochs", d.epochs(), 1, 1000),
                d.batchSize(), Args.doubleIn(p, "learning-rate", d.learningRate(), 1e-6, 1), Args.doubleIn(p, "l2", d.l2(), 0, 1), false,
                Args.longIn(p, "seed", d.seed(), Long.MIN_VALUE, Long.MAX_VALUE));
        Path out = Path.of(p.get("out", "models"));
        BadRows badRows = ToolMain.badRows(p);
        ChurnSettings settings = ChurnSettings.defaults();

        List<ClickEvent> all = ClickstreamFile.read(events, badRows);
        ToolMain.reportSkipped(badRows);
        long first = all.stream().mapToLong(e -> e.ts).min().orElseThrow(), last = all.stream().mapToLong(e -> e.ts).max().orElseThrow();
        System.out.printf("%,d events, %s..%s%n", all.size(), ChurnEvaluation.day(first), ChurnEvaluation.day(last));
        List<Long> cutoffs = ChurnSnapshots.weeklyCutoffs(first, last, warmup, horizon);
        List<Snapshot> snapshots = ChurnSnapshots.build(all, cutoffs, horizon, active, settings);
        Set<String> distinct = new HashSet<>();
        snapshots.forEach(s -> distinct.add(s.customer()));
        System.out.printf("%d weekly cut-offs %s..%s, %,d snapshots of %,d customers (label: no activity in the next %d days)%n", cutoffs.size(),
                cutoffs.isEmpty() ? "-" : ChurnEvaluation.day(cutoffs.get(0)), cutoffs.isEmpty() ? "-" : ChurnEvaluation.day(cutoffs.get(cutoffs.size() - 1)),
                snapshots.size(), distinct.size(), horizon.toDays());

        List<ChurnEvaluation.Fold> results = ChurnEvaluation.run(snapshots, cutoffs, horizon.toMillis(), folds, testWeeks, cfg, System.out::println);
        Map<String, Object> result = summary(results);
        printCalibration(results);

        String version = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        ChurnModel model = ChurnTrainer.train(ChurnEvaluation.features(snapshots), ChurnEvaluation.labels(snapshots), version, cfg, System.out::println);
        result.put("n_customers", distinct.size());
        result.put("n_snapshots", snapshots.size());
        result.put("n_cutoffs", cutoffs.size());
        result.put("positive_rate", ChurnEvaluation.share(ChurnEvaluation.labels(snapshots)));
        result.put("horizon_days", horizon.toDays());
        result.put("model", cfg.kind());
        Map<String, Object> metrics = new LinkedHashMap<>(result);
        metrics.put("source", events.toString());
        Path dir = ChurnModelArtefact.save(out, model, cfg, (int) horizon.toDays(), metrics, hash(snapshots));
        System.out.println("wrote " + dir);
        result.put("version", version);
        result.put("path", dir.toString());
        System.out.println("RESULT " + Json.toString(result));
    }

    /** Each metric's mean over the folds, its standard deviation, and the model's gains over the baselines (mean, sd). */
    static Map<String, Object> summary(List<ChurnEvaluation.Fold> folds) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (String k : folds.get(0).metrics().keySet()) {
            double[] v = folds.stream().mapToDouble(f -> f.metrics().get(k)).toArray();
            out.put(k, mean(v));
            out.put(k + "_sd", sd(v));
        }
        putGain(out, folds, "auc_gain_vs_recency", "auc", "baseline_recency_auc", 1);
        putGain(out, folds, "auc_gain_vs_rfm", "auc", "baseline_rfm_auc", 1);
        putGain(out, folds, "brier_gain_vs_rfm", "baseline_rfm_brier", "brier", 1);
        out.put("folds", folds.size());
        out.put("test_rows", folds.stream().mapToInt(ChurnEvaluation.Fold::testRows).sum());
        return out;
    }

    private static void putGain(Map<String, Object> out, List<ChurnEvaluation.Fold> folds, String name, String a, String b, double sign) {
        double[] g = folds.stream().mapToDouble(f -> sign * (f.metrics().get(a) - f.metrics().get(b))).toArray();
        out.put(name, mean(g));
        out.put(name + "_sd", sd(g));
        out.put(name + "_folds_positive", java.util.Arrays.stream(g).filter(x -> x > 0).count());
    }

    /** The pooled test rows of every fold in ten bins of the predicted probability. */
    static void printCalibration(List<ChurnEvaluation.Fold> folds) {
        int n = folds.stream().mapToInt(f -> f.p().length).sum();
        double[] p = new double[n];
        boolean[] y = new boolean[n];
        int i = 0;
        for (ChurnEvaluation.Fold f : folds) {
            System.arraycopy(f.p(), 0, p, i, f.p().length);
            System.arraycopy(f.y(), 0, y, i, f.y().length);
            i += f.p().length;
        }
        System.out.println("calibration (all folds' test rows): bin, rows, mean predicted, observed churn");
        for (BinaryMetrics.CalibrationBin b : BinaryMetrics.calibration(p, y, 10)) {
            System.out.printf("  %.1f-%.1f %7d %8s %8s%n", b.from(), b.to(), b.count(), b.count() == 0 ? "-" : String.format("%.3f", b.meanPredicted()),
                    b.count() == 0 ? "-" : String.format("%.3f", b.observed()));
        }
    }

    static double mean(double[] v) {
        return new DescriptiveStatistics(v).getMean();
    }

    /** Sample standard deviation (n − 1; 0 for one fold). */
    static double sd(double[] v) {
        return v.length < 2 ? 0 : new DescriptiveStatistics(v).getStandardDeviation();
    }

    static String hash(List<Snapshot> snapshots) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        for (Snapshot s : snapshots) {
            ByteBuffer b = ByteBuffer.allocate(4 * s.features().length + 9);
            b.putLong(s.cutoff());
            for (float v : s.features()) b.putFloat(v);
            b.put((byte) (s.churned() ? 1 : 0));
            sha.update(s.customer().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            sha.update(b.array());
        }
        return HexFormat.of().formatHex(sha.digest());
    }
}
