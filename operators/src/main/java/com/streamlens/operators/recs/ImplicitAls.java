package com.streamlens.operators.recs;

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
    private final double[] a;
    private final double[] rhs;
    private final double[] row;

    public ImplicitAls(AlsConfig config) {
        this.config = config;
        this.k = config.factors();
        this.a = new double[k * k];
        this.rhs = new double[k];
        this.row = new double[k];
    }

    public AlsConfig config() {
        return config;
    }

    /** Solves one row from its n interactions (other-side rows {@code vs[j]} with confidences {@code cs[j]}) into {@code out}. */
    public void solveRow(Gram other, float[][] vs, float[] cs, int n, float[] out) {
        double w0 = config.unobservedWeight();
        double[] g = other.upper();
        for (int i = 0; i < a.length; i++) a[i] = w0 * g[i];
        Arrays.fill(rhs, 0.0);
        double support = 0;
        double[] v = row;
        for (int j = 0; j < n; j++) {
            float[] vj = vs[j];
            double c = cs[j];
            support += c;
            // Widen once, so the rank-1 update below is a pure double axpy the JIT vectorises.
            for (int d = 0; d < k; d++) v[d] = vj[d];
            for (int r = 0; r < k; r++) {
                double s = c * v[r];
                rhs[r] += s;
                int at = r * k;
                for (int col = r; col < k; col++) a[at + col] += s * v[col];
            }
        }
        finishSolve(regularization(support, other.count()), out);
    }

    /**
     * Solves a row from accumulated statistics A = Σ c v vᵀ (packed upper triangle, see {@link PackedStats}) and
     * b = Σ c v, as the item side keeps them, into {@code out}.
     */
    public void solveFromStats(Gram other, PackedStats stats, float[] out) {
        double w0 = config.unobservedWeight();
        double[] g = other.upper();
        float[] packed = stats.a();
        int p = 0;
        for (int r = 0; r < k; r++) {
            int row = r * k;
            for (int c = r; c < k; c++) a[row + c] = w0 * g[row + c] + packed[p++];
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
        for (int d = 0; d < k; d++) a[d * k + d] += lambda;
        SymmetricSolver.solveInPlace(a, rhs, k);
        for (int d = 0; d < k; d++) out[d] = (float) rhs[d];
    }
}
