package com.streamlens.operators.recs.als;

import java.util.Arrays;

/**
 * The row solves of implicit ALS, shared by the batch trainer, the Flink operators and the evaluation. With
 * G = VᵀV the Gram matrix of the other side, one row's exact least-squares solution is (Hu et al. 2008, eq. 4;
 * Rendle et al. 2021, eq. 6):
 *
 * <pre>  x = (w0·G + Σ_j c_j v_j v_jᵀ + λ_x·I)⁻¹ · Σ_j c_j v_j,   λ_x = λ·(Σ_j c_j + w0·|V|)^ν</pre>
 *
 * Not thread-safe: it owns scratch arrays; use one instance per operator subtask.
 */
public final class ImplicitAls {
    private final AlsConfig config;
    private final int k;
    private final double[][] a;
    private final double[] rhs;
    /** Scratch for Σ c v vᵀ of one row solve (upper rows from a vector-aligned column). */
    private final float[][] historyGram;

    public ImplicitAls(AlsConfig config) {
        this.config = config;
        this.k = config.factors();
        this.a = new double[k][k];
        this.rhs = new double[k];
        this.historyGram = new float[k][k];
    }

    public AlsConfig config() {
        return config;
    }

    /** Solves one row from its n interactions (other-side rows {@code vs[j]} with confidences {@code cs[j]}) into {@code out}. */
    public void solveRow(Gram other, float[][] vs, float[] cs, int n, float[] out) {
        double support = 0;
        for (int j = 0; j < n; j++) support += cs[j];
        // Σ c_j v_j v_jᵀ in floats (16 lanes per vector, no widening copy), row by row, four interactions per pass.
        for (int r = 0; r < k; r++) {
            float[] hr = historyGram[r];
            int from = r & ~15;
            Arrays.fill(hr, from, k, 0f);
            double br = 0;
            int j = 0;
            for (; j + 3 < n; j += 4) {
                float[] m0 = vs[j], m1 = vs[j + 1], m2 = vs[j + 2], m3 = vs[j + 3];
                float s0 = cs[j] * m0[r], s1 = cs[j + 1] * m1[r], s2 = cs[j + 2] * m2[r], s3 = cs[j + 3] * m3[r];
                br += (double) s0 + s1 + s2 + s3;
                for (int c = from; c < k; c++) hr[c] += s0 * m0[c] + s1 * m1[c] + s2 * m2[c] + s3 * m3[c];
            }
            for (; j < n; j++) {
                float[] m0 = vs[j];
                float s0 = cs[j] * m0[r];
                br += s0;
                for (int c = from; c < k; c++) hr[c] += s0 * m0[c];
            }
            rhs[r] = br;
        }
        double w0 = config.unobservedWeight();
        for (int r = 0; r < k; r++) {
            double[] ar = a[r], gr = other.row(r);
            float[] hr = historyGram[r];
            for (int c = r & ~7; c < k; c++) ar[c] = w0 * gr[c] + hr[c];
        }
        finishSolve(regularization(support, other.count()), out);
    }

    /**
     * Solves a row from accumulated statistics A = Σ c v vᵀ (packed upper triangle, see {@link PackedStats}) and
     * b = Σ c v, as the item side keeps them, into {@code out}.
     */
    public void solveFromStats(Gram other, PackedStats stats, float[] out) {
        double w0 = config.unobservedWeight();
        float[] packed = stats.a();
        int p = 0;
        for (int r = 0; r < k; r++) {
            double[] ar = a[r], gr = other.row(r);
            for (int c = r & ~7; c < r; c++) ar[c] = 0.0;
            for (int c = r; c < k; c++) ar[c] = w0 * gr[c] + packed[p++];
        }
        float[] b = stats.b();
        for (int d = 0; d < k; d++) rhs[d] = b[d];
        finishSolve(regularization(stats.support(), other.count()), out);
    }

    /** λ_x = λ·(Σc + w0·n)^ν. */
    double regularization(double support, long otherRows) {
        double nu = config.regExponent();
        double scale = nu == 0 ? 1.0 : Math.pow(support + config.unobservedWeight() * otherRows, nu);
        return config.regularization() * scale;
    }

    private void finishSolve(double lambda, float[] out) {
        for (int d = 0; d < k; d++) a[d][d] += lambda;
        SymmetricSolver.solveInPlace(a, rhs, k);
        for (int d = 0; d < k; d++) out[d] = (float) rhs[d];
    }
}
