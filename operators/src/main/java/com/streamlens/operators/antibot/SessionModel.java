package com.streamlens.operators.antibot;

import com.streamlens.operators.nd4j.Nd4jTurn;
import java.util.List;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The session model: standardise each feature, z = (x − μ) / σ with the training set's μ and σ, then the network's
 * probability of "bot" (logistic regression without a hidden layer, a small MLP with one).
 */
public record SessionModel(String version, MultiLayerNetwork network, float[] mean, float[] sd, double threshold) {

    public SessionModel {
        if (mean.length != SessionFeatures.NAMES.size() || sd.length != mean.length) {
            throw new IllegalArgumentException("the model reads " + mean.length + " features, this build has " + SessionFeatures.NAMES.size());
        }
    }

    /** Bot probabilities of a batch of feature vectors, in one forward pass. */
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
        for (int j = 0; j < row.length; j++) z[j] = (row[j] - mean[j]) / sd[j];
        return z;
    }

    static INDArray standardised(List<float[]> rows, float[] mean, float[] sd) {
        int f = mean.length;
        float[] flat = new float[rows.size() * f];
        for (int r = 0; r < rows.size(); r++) {
            float[] row = rows.get(r);
            for (int j = 0; j < f; j++) flat[r * f + j] = (row[j] - mean[j]) / sd[j];
        }
        return Nd4j.create(flat, new long[] {rows.size(), f}, 'c');
    }
}
