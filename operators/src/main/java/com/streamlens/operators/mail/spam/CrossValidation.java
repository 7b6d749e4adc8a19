package com.streamlens.operators.mail.spam;

import com.streamlens.operators.stats.BinaryMetrics;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The out-of-fold spam scores of a K-fold cross-validation: letter i was in fold {@code fold[i]} and scored by networks that never saw it. */
public record CrossValidation(boolean[] labels, int[] fold, double[] scores, int folds) {
    public CrossValidation {
        if (labels.length != fold.length || fold.length != scores.length) throw new IllegalArgumentException("one label, fold and score per letter");
    }

    /**
     * Each fold's figures as a development split of its own: F1, precision and recall at the threshold picked
     * ({@link BinaryMetrics#bestF1Threshold}) on the other folds' scores, so that no fold is judged at a threshold chosen
     * on its own letters; its AUC and recall at 0.1% FPR.
     */
    public List<Map<String, Double>> perFold() {
        List<Map<String, Double>> out = new ArrayList<>(folds);
        for (int k = 0; k < folds; k++) {
            double threshold = BinaryMetrics.bestF1Threshold(scoresWhere(k, false), labelsWhere(k, false));
            double[] s = scoresWhere(k, true);
            boolean[] y = labelsWhere(k, true);
            Map<String, Double> m = new LinkedHashMap<>();
            m.put("threshold", threshold);
            m.putAll(BinaryMetrics.atThreshold(s, y, threshold));
            m.put("auc", BinaryMetrics.auc(s, y));
            m.put("recall_at_fpr_0_1pct", BinaryMetrics.recallAtFpr(s, y, 0.001));
            out.add(m);
        }
        return out;
    }

    private double[] scoresWhere(int k, boolean in) {
        return java.util.stream.IntStream.range(0, scores.length).filter(i -> (fold[i] == k) == in).mapToDouble(i -> scores[i]).toArray();
    }

    private boolean[] labelsWhere(int k, boolean in) {
        int[] idx = java.util.stream.IntStream.range(0, labels.length).filter(i -> (fold[i] == k) == in).toArray();
        boolean[] out = new boolean[idx.length];
        for (int j = 0; j < idx.length; j++) out[j] = labels[idx[j]];
        return out;
    }
}
