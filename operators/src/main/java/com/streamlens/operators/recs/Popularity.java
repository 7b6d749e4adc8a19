package com.streamlens.operators.recs;

import com.streamlens.state.records.Recommendation;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.function.DoubleUnaryOperator;

/**
 * Exponentially decayed interaction counts, kept in log space so they never need rescaling: an interaction
 * of weight w at time t adds w·2^(t/h) (h = half-life), stored as s = log Σ w·2^(t/h). At any time the
 * ranking by s equals the ranking by decayed count, and the count at time now is e^(s − now·ln2/h).
 */
public final class Popularity {
    private Popularity() {}

    /** Half-life that disables decay (plain counts). */
    public static final long NO_DECAY = Long.MAX_VALUE;

    /** log(w·2^(t/h)). */
    public static double logWeight(double weight, long ts, long halfLifeMs) {
        double decay = halfLifeMs == NO_DECAY ? 0.0 : ts * (Math.log(2) / halfLifeMs);
        return Math.log(weight) + decay;
    }

    /** s ⊕ w at t: log(e^s + w·2^(t/h)), stable for any magnitudes (s = −∞ for a fresh item). */
    public static double add(double s, double weight, long ts, long halfLifeMs) {
        double x = logWeight(weight, ts, halfLifeMs);
        if (s == Double.NEGATIVE_INFINITY) return x;
        double hi = Math.max(s, x), lo = Math.min(s, x);
        return hi + Math.log1p(Math.exp(lo - hi));
    }

    /** The decayed count at time {@code now} of a stored s. */
    public static double countAt(double s, long now, long halfLifeMs) {
        return Math.exp(s - logWeight(1.0, now, halfLifeMs));
    }

    /**
     * A best-first popular list from the n best (item, value) pairs: offer every pair, then drain. The score
     * written for each is {@code scoreOf(value)}.
     */
    public static Recommendation topList(String id, Iterable<Map.Entry<String, Double>> values, int n,
                                         DoubleUnaryOperator scoreOf, long ts) {
        PriorityQueue<Map.Entry<String, Double>> best = new PriorityQueue<>(Map.Entry.comparingByValue());
        for (Map.Entry<String, Double> e : values) {
            best.add(e);
            if (best.size() > n) best.poll();
        }
        int size = best.size();
        String[] items = new String[size];
        float[] scores = new float[size];
        for (int p = size - 1; p >= 0; p--) {
            Map.Entry<String, Double> e = best.poll();
            items[p] = e.getKey();
            scores[p] = (float) scoreOf.applyAsDouble(e.getValue());
        }
        return new Recommendation(Recommendation.POPULAR, id, items, scores, 0, ts);
    }
}
