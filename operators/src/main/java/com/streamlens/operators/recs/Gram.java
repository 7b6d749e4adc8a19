package com.streamlens.operators.recs;

import java.io.Serializable;
import java.util.Arrays;

/**
 * The Gram matrix VᵀV = Σ_r v_r v_rᵀ of one side's factor rows, kept current as rows change (add the new
 * row's outer product, subtract the old one). Doubles, because it sums up to millions of float outer products;
 * only the upper triangle (row-major k×k) is maintained. {@link #count()} is the number of rows summed.
 */
public final class Gram implements Serializable {
    private static final long serialVersionUID = 1L;

    private final int k;
    private final double[] upper;
    private long count;

    public Gram(int k) {
        this.k = k;
        this.upper = new double[k * k];
    }

    public int k() {
        return k;
    }

    public long count() {
        return count;
    }

    /** Replaces one row: VᵀV += v_new v_newᵀ − v_old v_oldᵀ (either may be null: a row that appears or goes). */
    public void replace(float[] oldRow, float[] newRow) {
        if (oldRow != null) addOuter(oldRow, -1.0);
        if (newRow != null) addOuter(newRow, 1.0);
        count += (newRow != null ? 1 : 0) - (oldRow != null ? 1 : 0);
    }

    /** Adds another Gram (or a delta of one, see {@link GramDelta}) to this one. */
    public void add(double[] otherUpper, long otherCount) {
        for (int i = 0; i < upper.length; i++) upper[i] += otherUpper[i];
        count += otherCount;
    }

    /** Recomputes from scratch (clears accumulated rounding from many replacements). */
    public void recompute(Iterable<float[]> rows) {
        Arrays.fill(upper, 0.0);
        count = 0;
        for (float[] row : rows) {
            addOuter(row, 1.0);
            count++;
        }
    }

    /** The raw upper triangle, row-major k×k (entries below the diagonal are unused zeros). */
    public double[] upper() {
        return upper;
    }

    void addOuter(float[] v, double w) {
        addOuter(upper, k, v, w);
    }

    /** m += w·v vᵀ on the upper triangle of a row-major k×k matrix. */
    static void addOuter(double[] m, int k, float[] v, double w) {
        for (int a = 0; a < k; a++) {
            double s = w * v[a];
            if (s == 0.0) continue;
            int row = a * k;
            for (int b = a; b < k; b++) m[row + b] += s * v[b];
        }
    }
}
