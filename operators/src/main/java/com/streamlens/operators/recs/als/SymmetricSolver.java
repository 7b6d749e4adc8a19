package com.streamlens.operators.recs.als;

/**
 * Solves A x = b for a symmetric positive-definite k×k matrix by Cholesky factorisation A = UᵀU, in place,
 * on the upper triangle held as one array per row. Rows as separate arrays keep every inner loop an
 * {@code a[i] += s·b[i]} over a plain index, the shape the JIT vectorises (an offset into one flat array
 * defeats it on JDK 17: measured 2× slower). Row updates start at the column rounded down to a multiple of 8
 * rather than at the diagonal: the strictly lower entries are scratch that never feed the upper triangle, and
 * loops of whole vectors skip the JIT's scalar tail (measured +5–10% on the online updates).
 */
final class SymmetricSolver {
    private SymmetricSolver() {}

    /**
     * Overwrites the upper triangle of {@code a} with U and {@code b} with x.
     *
     * @throws IllegalStateException if A is not positive definite (a regularised normal matrix always is)
     */
    static void solveInPlace(double[][] a, double[] b, int k) {
        // Two pivot rows per pass over the trailing rows: each trailing row is loaded half as often.
        int j = 0;
        for (; j + 1 < k; j += 2) {
            double[] u0 = a[j], u1 = a[j + 1];
            pivot(u0, j, k);
            double u01 = u0[j + 1];
            for (int l = j + 1; l < k; l++) u1[l] -= u01 * u0[l];
            pivot(u1, j + 1, k);
            for (int i = j + 2; i < k; i++) {
                double p0 = u0[i], p1 = u1[i];
                double[] ai = a[i];
                for (int l = i & ~7; l < k; l++) ai[l] -= p0 * u0[l] + p1 * u1[l];
            }
        }
        if (j < k) pivot(a[j], j, k);
        // Uᵀ z = b, column by column as axpys over rows of U; then U x = z.
        for (int p = 0; p < k; p++) {
            double[] up = a[p];
            double zp = b[p] / up[p];
            b[p] = zp;
            for (int i = p + 1; i < k; i++) b[i] -= up[i] * zp;
        }
        // Four partial sums: the dot product is a reduction, which the JIT does not vectorise; four chains overlap.
        for (int i = k - 1; i >= 0; i--) {
            double[] ui = a[i];
            double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
            int p = i + 1;
            for (; p + 3 < k; p += 4) {
                s0 += ui[p] * b[p];
                s1 += ui[p + 1] * b[p + 1];
                s2 += ui[p + 2] * b[p + 2];
                s3 += ui[p + 3] * b[p + 3];
            }
            for (; p < k; p++) s0 += ui[p] * b[p];
            b[i] = (b[i] - ((s0 + s1) + (s2 + s3))) / ui[i];
        }
    }

    /** Row j of U: its diagonal becomes √a_jj and the rest of the row is divided by it. */
    private static void pivot(double[] uj, int j, int k) {
        double d = uj[j];
        if (!(d > 0.0)) throw new IllegalStateException("matrix not positive definite at pivot " + j + ": " + d);
        double ujj = Math.sqrt(d);
        uj[j] = ujj;
        double inv = 1.0 / ujj;
        for (int l = j + 1; l < k; l++) uj[l] *= inv;
    }
}
