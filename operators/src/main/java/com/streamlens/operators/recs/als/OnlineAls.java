package com.streamlens.operators.recs.als;

import com.streamlens.state.records.ItemStats;
import com.streamlens.state.records.UserHistory;
import java.util.Arrays;

/**
 * The per-event updates of online iALS, shared by the Flink operators and {@code scripts/eval-recs}:
 * the user row is re-solved exactly over the user's (bounded) history given the current item rows; the
 * item row is re-solved from its accumulated statistics after folding in the interacting user's new row.
 */
public final class OnlineAls {
    private final AlsConfig config;
    private final ImplicitAls als;
    private final int k;
    private final float[][] rows;
    private final float[] weights;

    public OnlineAls(AlsConfig config) {
        this.config = config;
        this.als = new ImplicitAls(config);
        this.k = config.factors();
        this.rows = new float[config.historyLimit()][];
        this.weights = new float[config.historyLimit()];
    }

    public AlsConfig config() {
        return config;
    }

    /** A new item's starting row: small (0.01 per factor) and reproducible on every subtask and in every replay. */
    public float[] initialRow(String itemId) {
        java.util.Random r = new java.util.Random(itemId.hashCode() * 0x9E3779B97F4A7C15L);
        float[] y = new float[k];
        for (int d = 0; d < k; d++) y[d] = (float) (0.01 * r.nextGaussian());
        return y;
    }

    /** The cap on an item's accumulated confidence in one user's history (repeated views do not dominate). */
    public float maxConfidence() {
        return 2 * Math.max(config.purchaseWeight(), Math.max(config.cartWeight(), config.viewWeight()));
    }

    /**
     * x_u = (w0·YᵀY + Σ_j c_uj y_j y_jᵀ + λ_u I)⁻¹ Σ_j c_uj y_j over the history items that have factors, the
     * r-th newest weighted by {@link AlsConfig#recencyWeighted}. Returns false (and zeros) if none has factors.
     */
    public boolean solveUser(UserHistory history, ItemFactorTable items, float[] out) {
        int n = 0;
        int size = Math.min(history.size(), rows.length);
        for (int r = 0; r < size; r++) {
            int at = history.size() - 1 - r;
            float[] y = items.row(history.itemIds[at]);
            if (y == null) continue;
            rows[n] = y;
            weights[n] = config.recencyWeighted(history.confidences[at], r);
            n++;
        }
        if (n == 0) {
            Arrays.fill(out, 0f);
            return false;
        }
        als.solveRow(items.gram(), rows, weights, n, out);
        return true;
    }

    /**
     * Folds one interaction (user row x_u, confidence c) into the item's statistics and re-solves
     * y_i = (w0·XᵀX + A + λ_i I)⁻¹ b into {@code out}. Without statistics yet, the item starts from its
     * current row and support (a snapshot; see {@link PackedStats#priorFor}); a brand-new item starts from a
     * small random row (seeded by its id) worth one interaction, so a cold system does not stay at zero.
     *
     * @return the statistics to store (the given object, updated, when there was one)
     */
    public ItemStats updateItem(String itemId, ItemStats stats, float[] currentRow, double currentSupport, float[] xu,
                                float c, Gram users, float[] out) {
        PackedStats ps;
        if (stats != null) {
            ps = new PackedStats(stats.a, stats.b, stats.support);
        } else if (currentRow != null && currentSupport > 0) {
            ps = PackedStats.priorFor(currentRow, currentSupport, users, als);
        } else {
            ps = PackedStats.priorFor(initialRow(itemId), 1.0, users, als);
        }
        ps = ps.add(xu, c);
        als.solveFromStats(users, ps, out);
        if (stats == null) return new ItemStats(ps.a(), ps.b(), ps.support());
        stats.support = ps.support();
        return stats;
    }
}
