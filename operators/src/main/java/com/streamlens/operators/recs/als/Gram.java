package com.streamlens.operators.recs.als;

import java.io.Serializable;

/**
 * The Gram matrix VᵀV = Σ_r v_r v_rᵀ of one side's factor rows, kept current as rows change (add the new
 * row's outer product, subtract the old one). Doubles, because it sums up to millions of float outer products;
 * only the upper triangle is maintained, one array per row (vectorisable updates, see {@link SymmetricSolver}).
 * {@link #count()} is the number of rows summed.
 */
public final class Gram implements Serializable {
    private static final long serialVersionUID = 1L;

    private final int k;
    private final double[][] upper;
    private long count;

    public Gram(int k) {
        this.k = k;
        this.upper = new double[k][k];
    }

    public int k() {
        return k;
    }

    public long count() {
        return count;
    }

    /** Replaces one row: VᵀV += v_new v_newᵀ − v_old v_oldᵀ (either may be null: a row that appears or goes). */
    public void replace(float[] oldRow, float[] newRow) {
        if (scratchOld == null) {
            scratchOld = new double[k];
            scratchNew = new double[k];
        }
        double[] o = widen(oldRow, scratchOld), n = widen(newRow, scratchNew);
        // One pass over the triangle for both outer products, from a vector-aligned column (see SymmetricSolver).
        for (int a = 0; a < k; a++) {
            double so = o[a], sn = n[a];
            double[] ua = upper[a];
            for (int b = a & ~7; b < k; b++) ua[b] += sn * n[b] - so * o[b];
        }
        count += (newRow != null ? 1 : 0) - (oldRow != null ? 1 : 0);
    }

    private transient double[] scratchOld;
    private transient double[] scratchNew;

    private double[] widen(float[] v, double[] into) {
        if (v == null) java.util.Arrays.fill(into, 0.0);
        else for (int d = 0; d < k; d++) into[d] = v[d];
        return into;
    }

    /** Adds a change given as a flat row-major upper triangle (the wire form of {@code GramDelta}). */
    public void add(double[] flatUpper, long countChange) {
        for (int r = 0; r < k; r++) {
            double[] ur = upper[r];
            int at = r * k;
            for (int c = r; c < k; c++) ur[c] += flatUpper[at + c];
        }
        count += countChange;
    }

    /** Recomputes from scratch (clears accumulated rounding from many replacements). */
    public void recompute(Iterable<float[]> rows) {
        for (double[] ur : upper) java.util.Arrays.fill(ur, 0.0);
        count = 0;
        for (float[] row : rows) replace(null, row);
    }

    /** Entry (r, c) for r ≤ c. */
    public double at(int r, int c) {
        return upper[r][c];
    }

    /** Row r of the upper triangle (entries before the diagonal are scratch, see {@link SymmetricSolver}); callers must not modify it. */
    double[] row(int r) {
        return upper[r];
    }

    /** The upper triangle as a flat row-major k×k array (the wire form of {@code GramDelta}). */
    public double[] toFlatUpper() {
        double[] flat = new double[k * k];
        for (int r = 0; r < k; r++) System.arraycopy(upper[r], r, flat, r * k + r, k - r);
        return flat;
    }
}
