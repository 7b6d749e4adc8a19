package com.streamlens.operators.mail.spam;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * The yardstick the network has to beat (issue #4): logistic regression over hashed character trigrams with the
 * same sublinear TF-IDF, trained by plain SGD on the sparse vectors (seconds, no ND4J). p = σ(w·x + b); each step on
 * one mail is w ← w − η_e·(g·x + λ·w) on the mail's non-zeros and b ← b − η_e·g, with g = (p − y)·c_y (balanced class
 * weights c_y = N / (2·N_y), as the network's loss), η_e = η / √(1 + e) in epoch e. Deterministic for a seed.
 */
public final class LogisticBaseline {
    /** The configuration quoted with the results: 10,000 buckets, η = 0.5, λ = 1e-6, 30 epochs. */
    public static final int BUCKETS = 10_000;
    private static final double LEARNING_RATE = 0.5;
    private static final double L2 = 1e-6;
    private static final int EPOCHS = 30;

    private final TrigramFeaturizer featurizer;
    private final float[] idf;
    private final double[] w;
    private double b;

    private LogisticBaseline(TrigramFeaturizer featurizer, float[] idf) {
        this.featurizer = featurizer;
        this.idf = idf;
        this.w = new double[featurizer.buckets()];
    }

    public static LogisticBaseline train(List<LabeledMail> mails, long seed) {
        TrigramFeaturizer featurizer = new TrigramFeaturizer(BUCKETS, false);
        List<SparseVector> counts = mails.stream().map(m -> featurizer.counts(m.text()).trigrams()).toList();
        LogisticBaseline model = new LogisticBaseline(featurizer, featurizer.learnIdf(counts));
        List<SparseVector> x = counts.stream().map(c -> featurizer.tfidf(c, model.idf)).toList();
        long spam = mails.stream().filter(LabeledMail::spam).count();
        double cSpam = mails.size() / (2.0 * Math.max(1, spam)), cHam = mails.size() / (2.0 * Math.max(1, mails.size() - spam));
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < mails.size(); i++) order.add(i);
        Random rnd = new Random(seed);
        for (int epoch = 0; epoch < EPOCHS; epoch++) {
            Collections.shuffle(order, rnd);
            double step = LEARNING_RATE / Math.sqrt(1 + epoch);
            for (int i : order) {
                boolean y = mails.get(i).spam();
                double g = (model.probability(x.get(i)) - (y ? 1 : 0)) * (y ? cSpam : cHam);
                int[] idx = x.get(i).indices();
                float[] val = x.get(i).values();
                for (int k = 0; k < idx.length; k++) model.w[idx[k]] -= step * (g * val[k] + L2 * model.w[idx[k]]);
                model.b -= step * g;
            }
        }
        return model;
    }

    /** Spam probabilities of texts. */
    public double[] score(List<String> texts) {
        double[] p = new double[texts.size()];
        for (int i = 0; i < p.length; i++) p[i] = probability(featurizer.tfidf(featurizer.counts(texts.get(i)).trigrams(), idf));
        return p;
    }

    private double probability(SparseVector x) {
        double z = b;
        for (int k = 0; k < x.indices().length; k++) z += w[x.indices()[k]] * x.values()[k];
        return 1 / (1 + Math.exp(-z));
    }
}
