package com.streamlens.operators.content;

import com.streamlens.operators.recs.als.ScoredItems;
import com.streamlens.operators.recs.als.TopNScorer.TopHeap;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Blends the collaborative (iALS) and content scores of the union of both candidate lists:
 * s(u, i) = α·ŝ_als(u, i) + (1 − α)·w·ŝ_content(u, i), α = n_u/(n_u + k_u) · m_i/(m_i + k_i),
 * where ŝ is each model's score min–max normalised over the candidates, n_u the user's history length, m_i the item's
 * support (interactions) and w ≤ 1 the content side's weight (content finds a tenth of what iALS finds for warm users on
 * MovieLens: an item iALS cannot score must not outrank iALS's best at equal normalised score). A cold user (n_u → 0)
 * or a cold item (m_i → 0, no row: α = 0) leans on content; a warm pair on iALS.
 */
public final class HybridBlend {
    private final double userHalf;
    private final double itemHalf;
    private final double contentWeight;

    /** {@code userHalf} = k_u and {@code itemHalf} = k_i: the history length and support at which iALS's trust is ½; w = {@code contentWeight}. */
    public HybridBlend(double userHalf, double itemHalf, double contentWeight) {
        if (!(userHalf >= 0) || !(itemHalf >= 0)) throw new IllegalArgumentException("k_u and k_i must be ≥ 0");
        if (!(contentWeight > 0 && contentWeight <= 1)) throw new IllegalArgumentException("the content weight must be in (0, 1], got " + contentWeight);
        this.userHalf = userHalf;
        this.itemHalf = itemHalf;
        this.contentWeight = contentWeight;
    }

    /** α for a user with {@code history} interactions and an item with {@code support}. */
    public double alpha(double history, double support) {
        double u = userHalf == 0 ? 1 : history / (history + userHalf);
        double i = itemHalf == 0 ? 1 : support / (support + itemHalf);
        return u * i;
    }

    /** What the blend needs to know of a candidate beyond the two lists. */
    public interface Scores {
        /** The iALS score x_u·y_i, NaN when the item has no row yet. */
        double als(String item);

        /** The content cosine, 0 when the item shares no tag with the profile. */
        double content(String item);

        /** The item's support m_i. */
        double support(String item);
    }

    /** The top {@code n} of the union of {@code als} and {@code content} by the blended score. */
    public ScoredItems blend(ScoredItems als, ScoredItems content, double history, Scores scores, int n) {
        Map<String, double[]> candidates = new LinkedHashMap<>(); // id → {als, content}
        for (String id : als.ids()) candidates.put(id, null);
        for (String id : content.ids()) candidates.put(id, null);
        double alsMin = Double.POSITIVE_INFINITY, alsMax = Double.NEGATIVE_INFINITY, cMin = Double.POSITIVE_INFINITY, cMax = Double.NEGATIVE_INFINITY;
        for (Map.Entry<String, double[]> e : candidates.entrySet()) {
            double a = scores.als(e.getKey()), c = scores.content(e.getKey());
            e.setValue(new double[] {a, c});
            if (!Double.isNaN(a)) {
                alsMin = Math.min(alsMin, a);
                alsMax = Math.max(alsMax, a);
            }
            cMin = Math.min(cMin, c);
            cMax = Math.max(cMax, c);
        }
        List<String> ids = new ArrayList<>(candidates.keySet());
        TopHeap heap = new TopHeap(n);
        for (int k = 0; k < ids.size(); k++) {
            double[] s = candidates.get(ids.get(k));
            double alpha = Double.isNaN(s[0]) ? 0 : alpha(history, scores.support(ids.get(k)));
            double a = Double.isNaN(s[0]) ? 0 : normalise(s[0], alsMin, alsMax);
            heap.offer(k, (float) (alpha * a + (1 - alpha) * contentWeight * normalise(s[1], cMin, cMax)));
        }
        return heap.drain(ids::get);
    }

    private static double normalise(double v, double min, double max) {
        return max > min ? (v - min) / (max - min) : (max > 0 ? 1 : 0);
    }
}
