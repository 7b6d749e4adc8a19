package com.streamlens.operators.antibot;

import com.streamlens.state.records.SignalEvent;
import java.util.List;

/** Inter-arrival statistics of a run of events. */
final class Gaps {
    private Gaps() {}

    /** CV = s / x̄ of the gaps between consecutive events (s the sample standard deviation); +∞ when the mean gap is 0. */
    static double coefficientOfVariation(List<SignalEvent> events) {
        int n = events.size() - 1;
        if (n < 2) return Double.POSITIVE_INFINITY;
        double sum = 0, sumSq = 0;
        for (int i = 1; i <= n; i++) {
            double g = events.get(i).ts - events.get(i - 1).ts;
            sum += g;
            sumSq += g * g;
        }
        double mean = sum / n;
        if (mean <= 0) return Double.POSITIVE_INFINITY;
        double var = Math.max(0, (sumSq - n * mean * mean) / (n - 1));
        return Math.sqrt(var) / mean;
    }
}
