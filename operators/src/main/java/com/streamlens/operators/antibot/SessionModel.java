package com.streamlens.operators.antibot;

import com.streamlens.operators.nd4j.TabularNetwork;
import java.util.List;

/**
 * The session model: the network's probability of "bot" on the standardised session features (logistic regression
 * without a hidden layer, a small MLP with one), and the threshold the trainer picked for it.
 */
public record SessionModel(TabularNetwork net, double threshold) {

    public SessionModel {
        if (net.features() != SessionFeatures.NAMES.size()) {
            throw new IllegalArgumentException("the model reads " + net.features() + " features, this build has " + SessionFeatures.NAMES.size());
        }
    }

    public String version() {
        return net.version();
    }

    /** Bot probabilities of a batch of feature vectors, in one forward pass. */
    public double[] score(List<float[]> rows) {
        return net.score(rows);
    }

    /** Standardised z-scores of one row (what {@link #score} feeds the network). */
    public float[] z(float[] row) {
        return net.z(row);
    }
}
