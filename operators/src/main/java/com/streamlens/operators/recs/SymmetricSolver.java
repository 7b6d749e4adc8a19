package com.streamlens.operators.recs;

/**
 * Solves A x = b for a symmetric positive-definite k×k matrix by Cholesky factorisation A = UᵀU, in place,
 * on the upper triangle stored row-major (the layout every caller builds). The trailing update walks rows
 * of U, so its inner loop is a contiguous axpy the JIT vectorises.
 */
final class SymmetricSolver {
    private SymmetricSolver() {}

    /**
     * Overwrites {@code a} with U and {@code b} with x.
     *
     * @throws IllegalStateException if A is not positive definite (a regularised normal matrix always is)
     */
    static void solveInPlace(double[] a, double[] b, int k) {
        for (int j = 0; j < k; j++) {
            int rj = j * k;
            double d = a[rj + j];
            if (!(d > 0.0)) throw new IllegalStateException("matrix not positive definite at pivot " + j + ": " + d);
            double ujj = Math.sqrt(d);
            a[rj + j] = ujj;
            double inv = 1.0 / ujj;
            for (int l = j + 1; l < k; l++) a[rj + l] *= inv;
            for (int i = j + 1; i < k; i++) {
                double uji = a[rj + i];
                if (uji == 0.0) continue;
                int ri = i * k;
                for (int l = i; l < k; l++) a[ri + l] -= uji * a[rj + l];
            }
        }
        // Uᵀ z = b (forward), then U x = z (backward).
        for (int i = 0; i < k; i++) {
            double s = b[i];
            for (int p = 0; p < i; p++) s -= a[p * k + i] * b[p];
            b[i] = s / a[i * k + i];
        }
        for (int i = k - 1; i >= 0; i--) {
            int ri = i * k;
            double s = b[i];
            for (int p = i + 1; p < k; p++) s -= a[ri + p] * b[p];
            b[i] = s / a[ri + i];
        }
    }
}
