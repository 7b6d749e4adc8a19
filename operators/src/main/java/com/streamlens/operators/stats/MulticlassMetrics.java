package com.streamlens.operators.stats;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Per-class precision, recall and F1 of a classifier's decisions, and their macro average (the unweighted mean of the classes' F1). */
public final class MulticlassMetrics {
    private MulticlassMetrics() {}

    /** {@code precision_<c>}, {@code recall_<c>}, {@code f1_<c>}, {@code support_<c>} per class, {@code macro_f1} and {@code accuracy}. */
    public static Map<String, Double> of(int[] truth, int[] predicted, List<String> classes) {
        int k = classes.size();
        long[] tp = new long[k], fp = new long[k], fn = new long[k];
        long correct = 0;
        for (int i = 0; i < truth.length; i++) {
            if (truth[i] == predicted[i]) {
                tp[truth[i]]++;
                correct++;
            } else {
                fp[predicted[i]]++;
                fn[truth[i]]++;
            }
        }
        Map<String, Double> m = new LinkedHashMap<>();
        double macro = 0;
        for (int c = 0; c < k; c++) {
            double p = tp[c] + fp[c] == 0 ? 0 : tp[c] / (double) (tp[c] + fp[c]);
            double r = tp[c] + fn[c] == 0 ? 0 : tp[c] / (double) (tp[c] + fn[c]);
            double f1 = p + r == 0 ? 0 : 2 * p * r / (p + r);
            m.put("precision_" + classes.get(c), p);
            m.put("recall_" + classes.get(c), r);
            m.put("f1_" + classes.get(c), f1);
            m.put("support_" + classes.get(c), (double) (tp[c] + fn[c]));
            macro += f1;
        }
        m.put("macro_f1", macro / k);
        m.put("accuracy", truth.length == 0 ? 0 : correct / (double) truth.length);
        return m;
    }

    /** The index of the largest probability of a row. */
    public static int argmax(double[] row) {
        int best = 0;
        for (int j = 1; j < row.length; j++) if (row[j] > row[best]) best = j;
        return best;
    }
}
