package com.streamlens.operators.nd4j;

import java.util.List;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A binary classifier on a fixed feature vector (the session model, the churn model): standardise each feature,
 * z = (x − μ) / σ with the training rows' μ and σ, then the network's probability of class 1 (a softmax over two
 * classes; without a hidden layer it is logistic regression). A feature that was constant in training has σ = 0 and
 * z = 0 always: its weight never learned anything, so it must not act on values it never saw.
 */
public record TabularNetwork(String version, MultiLayerNetwork network, float[] mean, float[] sd) {

    public TabularNetwork {
        if (mean.length != sd.length) throw new IllegalArgumentException(mean.length + " means but " + sd.length + " standard deviations");
    }

    public int features() {
        return mean.length;
    }

    /** Probabilities of class 1 for a batch of feature vectors, in one forward pass. */
    public double[] score(List<float[]> rows) {
        if (rows.isEmpty()) return new double[0];
        INDArray x = standardised(rows, mean, sd);
        return Nd4jTurn.take(() -> {
            INDArray p = network.output(x, false);
            double[] out = new double[rows.size()];
            for (int i = 0; i < out.length; i++) out[i] = p.getDouble(i, 1);
            return out;
        });
    }

    /** Standardised z-scores of one row (what {@link #score} feeds the network). */
    public float[] z(float[] row) {
        float[] z = new float[row.length];
        for (int j = 0; j < row.length; j++) z[j] = zOf(row[j], mean[j], sd[j]);
        return z;
    }

    /** The batch as the network reads it: rows × features, standardised. */
    public static INDArray standardised(List<float[]> rows, float[] mean, float[] sd) {
        int f = mean.length;
        float[] flat = new float[rows.size() * f];
        for (int r = 0; r < rows.size(); r++) {
            float[] row = rows.get(r);
            if (row.length != f) throw new IllegalArgumentException("a row of " + row.length + " features for a model of " + f);
            for (int j = 0; j < f; j++) flat[r * f + j] = zOf(row[j], mean[j], sd[j]);
        }
        return Nd4j.create(flat, new long[] {rows.size(), f}, 'c');
    }

    private static float zOf(float x, float mean, float sd) {
        return sd > 0 ? (x - mean) / sd : 0f;
    }
}
