package com.streamlens.operators.recs.als;

/**
 * An item's sufficient statistics for its row solve: A = Σ_u c_u x_u x_uᵀ (upper triangle packed row by row,
 * k(k+1)/2 floats), b = Σ_u c_u x_u and the support Σ_u c_u, accumulated over every interaction the item saw.
 * Arrays are owned by the caller (the state record); this view adds the math.
 */
public record PackedStats(float[] a, float[] b, double support) {

    public static int packedLength(int k) {
        return k * (k + 1) / 2;
    }

    /** A += c·x xᵀ, b += c·x; returns the statistics with the new support. */
    public PackedStats add(float[] x, float c) {
        int k = b.length;
        int p = 0;
        for (int r = 0; r < k; r++) {
            float s = c * x[r];
            for (int col = r; col < k; col++) a[p++] += s * x[col];
        }
        for (int d = 0; d < k; d++) b[d] += c * x[d];
        return new PackedStats(a, b, support + c);
    }

    /**
     * Statistics that make a known row y0 (from a batch-trained snapshot with support s) the current solution:
     * the unseen interactors are stood in for by their expected outer product, A0 = s·G/|X| (G = XᵀX), and
     * b0 = (w0·G + A0 + λ·I)·y0 so the solve returns y0 until new interactions move it.
     */
    public static PackedStats priorFor(float[] y0, double support, Gram users, ImplicitAls als) {
        int k = y0.length;
        double mean = users.count() > 0 ? support / users.count() : 0.0;
        double w0 = als.config().unobservedWeight();
        double lambda = als.regularization(support, users.count());
        float[] a = new float[packedLength(k)];
        int p = 0;
        for (int r = 0; r < k; r++)
            for (int c = r; c < k; c++) a[p++] = (float) (mean * users.at(r, c));
        // b0 = ((w0 + s/|X|)·G + λI)·y0, reading the symmetric G from its upper triangle.
        double[] b0 = new double[k];
        for (int r = 0; r < k; r++) {
            b0[r] += (w0 + mean) * users.at(r, r) * y0[r] + lambda * y0[r];
            for (int c = r + 1; c < k; c++) {
                double grc = (w0 + mean) * users.at(r, c);
                b0[r] += grc * y0[c];
                b0[c] += grc * y0[r];
            }
        }
        float[] b = new float[k];
        for (int r = 0; r < k; r++) b[r] = (float) b0[r];
        return new PackedStats(a, b, support);
    }
}
