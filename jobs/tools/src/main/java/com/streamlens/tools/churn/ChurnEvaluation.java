package com.streamlens.tools.churn;

import com.streamlens.operators.churn.ChurnFeatures;
import com.streamlens.operators.churn.ChurnModel;
import com.streamlens.operators.churn.ChurnSnapshots.Snapshot;
import com.streamlens.operators.churn.ChurnTrainer;
import com.streamlens.operators.io.BadInput;
import com.streamlens.operators.nd4j.TabularNetwork;
import com.streamlens.operators.nd4j.TabularTrainer;
import com.streamlens.operators.stats.BinaryMetrics;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;

/**
 * Time-ordered evaluation of the churn model on snapshots, by rolling origin: fold k tests on a block of
 * {@code testCutoffs} consecutive cut-offs (the last block for the last fold, each earlier fold one block earlier) and
 * trains only on cut-offs at least the horizon before the block's first, so no training label's window reaches into
 * the test period. Each fold also scores two baselines on the same test rows: recency alone (days since the last
 * event) and an RFM logistic regression (recency of purchase, orders, revenue).
 */
public final class ChurnEvaluation {
    private ChurnEvaluation() {}

    /** One fold's figures; {@code p} and {@code y} are its test rows' probabilities and labels (for the pooled calibration). */
    public record Fold(long testFrom, long testTo, int trainRows, int testRows, Map<String, Double> metrics, double[] p, boolean[] y) {}

    public static List<Fold> run(List<Snapshot> snapshots, List<Long> cutoffs, long horizonMs, int folds, int testCutoffs,
                                 TabularTrainer.Config cfg, Consumer<String> progress) {
        if (cutoffs.size() < folds * testCutoffs + 2) {
            throw new BadInput("the history gives " + cutoffs.size() + " labelled weekly cut-offs; " + folds + " folds of " + testCutoffs
                    + " test cut-offs need more (a longer history, or fewer --folds / --test-weeks)");
        }
        List<Fold> out = new ArrayList<>();
        for (int k = 0; k < folds; k++) {
            int lastIdx = cutoffs.size() - 1 - (folds - 1 - k) * testCutoffs;
            long testFrom = cutoffs.get(lastIdx - testCutoffs + 1), testTo = cutoffs.get(lastIdx);
            List<Snapshot> train = new ArrayList<>(), test = new ArrayList<>();
            for (Snapshot s : snapshots) {
                if (s.cutoff() + horizonMs <= testFrom) train.add(s);
                else if (s.cutoff() >= testFrom && s.cutoff() <= testTo) test.add(s);
            }
            if (train.isEmpty() || test.isEmpty()) {
                throw new BadInput("fold " + (k + 1) + " has " + train.size() + " training and " + test.size() + " test snapshots; the history is too short for "
                        + folds + " folds");
            }
            progress.accept(String.format("fold %d/%d: train on %d snapshots before %s, test on %d snapshots %s..%s", k + 1, folds, train.size(),
                    day(testFrom - horizonMs), test.size(), day(testFrom), day(testTo)));
            out.add(fold(train, test, testFrom, testTo, cfg.withSeed(cfg.seed() + k), progress));
        }
        return out;
    }

    static Fold fold(List<Snapshot> train, List<Snapshot> test, long testFrom, long testTo, TabularTrainer.Config cfg, Consumer<String> progress) {
        boolean[] yTrain = labels(train), yTest = labels(test);
        ChurnModel model = ChurnTrainer.train(features(train), yTrain, "fold", cfg, progress);
        double[] p = model.probabilities(features(test));
        double[] recency = new double[test.size()];
        for (int i = 0; i < recency.length; i++) recency[i] = test.get(i).features()[ChurnFeatures.DAYS_SINCE_LAST_EVENT];
        TabularTrainer.Config lr = new TabularTrainer.Config(0, cfg.epochs(), cfg.batchSize(), cfg.learningRate(), cfg.l2(), false, cfg.seed());
        TabularNetwork rfm = TabularTrainer.fit(rfm(train), yTrain, range(train.size()), "rfm", lr, new Random(cfg.seed()), progress, "RFM baseline");
        double[] pRfm = rfm.score(rfm(test));
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("auc", BinaryMetrics.auc(p, yTest));
        m.put("pr_auc", BinaryMetrics.averagePrecision(p, yTest));
        m.put("logloss", BinaryMetrics.logLoss(p, yTest));
        m.put("brier", BinaryMetrics.brier(p, yTest));
        m.put("baseline_recency_auc", BinaryMetrics.auc(recency, yTest));
        m.put("baseline_rfm_auc", BinaryMetrics.auc(pRfm, yTest));
        m.put("baseline_rfm_pr_auc", BinaryMetrics.averagePrecision(pRfm, yTest));
        m.put("baseline_rfm_logloss", BinaryMetrics.logLoss(pRfm, yTest));
        m.put("baseline_rfm_brier", BinaryMetrics.brier(pRfm, yTest));
        m.put("positive_rate", share(yTest));
        progress.accept(String.format("  AUC %.4f (recency %.4f, RFM %.4f), Brier %.4f (RFM %.4f), churned %.1f%%", m.get("auc"), m.get("baseline_recency_auc"),
                m.get("baseline_rfm_auc"), m.get("brier"), m.get("baseline_rfm_brier"), 100 * m.get("positive_rate")));
        return new Fold(testFrom, testTo, train.size(), test.size(), m, p, yTest);
    }

    /** The RFM baseline's inputs: log(1 + days since the last purchase), log(1 + orders), log(1 + revenue). */
    static List<float[]> rfm(List<Snapshot> rows) {
        List<float[]> out = new ArrayList<>(rows.size());
        for (Snapshot s : rows) {
            float[] x = ChurnFeatures.modelInput(s.features());
            out.add(new float[] {x[ChurnFeatures.DAYS_SINCE_LAST_PURCHASE], x[ChurnFeatures.ORDERS_TOTAL], x[ChurnFeatures.REVENUE_TOTAL]});
        }
        return out;
    }

    static List<float[]> features(List<Snapshot> rows) {
        return rows.stream().map(Snapshot::features).toList();
    }

    static boolean[] labels(List<Snapshot> rows) {
        boolean[] y = new boolean[rows.size()];
        for (int i = 0; i < y.length; i++) y[i] = rows.get(i).churned();
        return y;
    }

    static double share(boolean[] y) {
        int n = 0;
        for (boolean b : y) if (b) n++;
        return (double) n / y.length;
    }

    private static List<Integer> range(int n) {
        List<Integer> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) out.add(i);
        return out;
    }

    static String day(long ts) {
        return java.time.Instant.ofEpochMilli(ts).toString().substring(0, 10);
    }
}
