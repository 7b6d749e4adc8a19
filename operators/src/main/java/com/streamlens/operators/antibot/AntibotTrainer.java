package com.streamlens.operators.antibot;

import com.streamlens.operators.io.BadInput;
import com.streamlens.operators.nd4j.Nd4jBackendCheck;
import com.streamlens.operators.nd4j.TabularTrainer;
import com.streamlens.operators.stats.BinaryMetrics;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;

/**
 * Trains the session model with DL4J ({@link TabularTrainer}): logistic regression ({@code hidden = 0}, the seed's LR) or
 * an MLP with one tanh layer, class-weighted so bots and humans weigh the same. The decision threshold comes from a K-fold cross-validation on the examples: each
 * fold's network, with the standardisation of the other folds only, scores the fold, and the threshold is the score
 * that keeps the human false-positive rate of these out-of-fold scores at {@code targetFpr} (at least 0.5); the model
 * returned is then trained on every example. (A 20% validation share placed it on ~480 humans, too few for a 0.1%
 * quantile: 0.26% of the test humans lay above it.)
 */
public final class AntibotTrainer {
    private AntibotTrainer() {}

    /** {@code folds}: K of the cross-validation that picks the threshold (≥ 2). */
    public record Config(int hidden, int epochs, int batchSize, double learningRate, double l2, int folds,
                         double targetFpr, long seed) {
        public Config {
            if (folds < 2) throw new IllegalArgumentException("folds must be ≥ 2, got " + folds);
        }

        public static Config defaults() {
            return new Config(32, 30, 64, 3e-3, 1e-4, 5, 0.001, 42);
        }

        public Config withHidden(int h) {
            return new Config(h, epochs, batchSize, learningRate, l2, folds, targetFpr, seed);
        }

        /** The network half of these settings (class-weighted: the threshold, not the probability, is what the verdict reads). */
        public TabularTrainer.Config network() {
            return new TabularTrainer.Config(hidden, epochs, batchSize, learningRate, l2, true, seed);
        }

        public Config withSeed(long s) {
            return new Config(hidden, epochs, batchSize, learningRate, l2, folds, targetFpr, s);
        }
    }

    /** A trained model with its cross-validated figures (out-of-fold AUC, recall at the target FPR). */
    public record Trained(SessionModel model, double crossValidatedAuc, double crossValidatedRecallAtFpr, int rows, int folds) {}

    public static Trained train(List<float[]> x, boolean[] bot, String version, Config cfg, Consumer<String> progress) {
        if (x.size() != bot.length) throw new IllegalArgumentException(x.size() + " rows but " + bot.length + " labels");
        long bots = 0;
        for (boolean b : bot) if (b) bots++;
        if (bots == 0 || bots == bot.length) {
            throw new BadInput("the training examples hold only " + (bots == 0 ? "humans" : "bots") + ": a model needs both");
        }
        Nd4jBackendCheck.require();
        Random rnd = new Random(cfg.seed());
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < x.size(); i++) order.add(i);
        Collections.shuffle(order, rnd);
        progress.accept(String.format("training the session model on %d sessions (%d bots); %s; threshold by %d-fold cross-validation",
                x.size(), bots, cfg.hidden() == 0 ? "logistic regression" : "MLP, " + cfg.hidden() + " tanh units", cfg.folds()));
        double[] outOfFold = new double[x.size()];
        for (int fold = 0; fold < cfg.folds(); fold++) {
            List<Integer> fit = new ArrayList<>(), held = new ArrayList<>();
            for (int j = 0; j < order.size(); j++) (j % cfg.folds() == fold ? held : fit).add(order.get(j));
            SessionModel m = fit(x, bot, fit, version, cfg, rnd, progress, "fold " + (fold + 1) + "/" + cfg.folds());
            double[] p = m.score(held.stream().map(x::get).toList());
            for (int j = 0; j < p.length; j++) outOfFold[held.get(j)] = p[j];
        }
        double threshold = thresholdAtFpr(outOfFold, bot, cfg.targetFpr());
        double auc = BinaryMetrics.auc(outOfFold, bot);
        double recall = BinaryMetrics.recallAtFpr(outOfFold, bot, cfg.targetFpr());
        progress.accept(String.format("out-of-fold AUC %.5f, recall %.4f at human FPR %.2f%%; threshold %.4f", auc, recall,
                100 * cfg.targetFpr(), threshold));
        SessionModel all = fit(x, bot, order, version, cfg, rnd, progress, "final");
        return new Trained(new SessionModel(all.net(), threshold), auc, recall, x.size(), cfg.folds());
    }

    /** One network on the rows {@code rows}, standardised with their own moments; bots and humans weigh the same. */
    private static SessionModel fit(List<float[]> x, boolean[] bot, List<Integer> rows, String version, Config cfg, Random rnd,
                                    Consumer<String> progress, String label) {
        return new SessionModel(TabularTrainer.fit(x, bot, rows, version, cfg.network(), rnd, progress, label), 0.5);
    }

    /** The smallest score above which at most {@code fpr} of the humans lie (at least 0.5). */
    static double thresholdAtFpr(double[] p, boolean[] bot, double fpr) {
        return Math.max(0.5, Math.nextUp(BinaryMetrics.thresholdAtFpr(p, bot, fpr)));
    }
}
