package com.streamlens.operators.antibot;

import com.streamlens.operators.io.BadInput;
import com.streamlens.operators.nd4j.Nd4jBackendCheck;
import com.streamlens.operators.nd4j.Nd4jTurn;
import com.streamlens.operators.stats.BinaryMetrics;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;

/**
 * Trains the session model with DL4J: logistic regression ({@code hidden = 0}, the seed's LR: softmax over {human, bot}
 * straight from the standardised features) or an MLP with one tanh layer; Adam, L2, class-weighted cross-entropy so
 * bots and humans weigh the same. The decision threshold comes from a K-fold cross-validation on the examples: each
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
        return new Trained(new SessionModel(version, all.network(), all.mean(), all.sd(), threshold), auc, recall, x.size(), cfg.folds());
    }

    /** One network on the rows {@code rows}, standardised with their own moments. */
    private static SessionModel fit(List<float[]> x, boolean[] bot, List<Integer> rows, String version, Config cfg, Random rnd,
                                    Consumer<String> progress, String label) {
        float[][] ms = moments(x, rows);
        long rowBots = rows.stream().filter(i -> bot[i]).count();
        MultiLayerNetwork net = Nd4jTurn.take(() -> {
            MultiLayerNetwork n = new MultiLayerNetwork(network(cfg, rows.size() - rowBots, rowBots));
            n.init();
            return n;
        });
        List<Integer> shuffled = new ArrayList<>(rows);
        double loss = 0;
        for (int epoch = 1; epoch <= cfg.epochs(); epoch++) {
            Collections.shuffle(shuffled, rnd);
            loss = 0;
            int batches = 0;
            for (int from = 0; from < shuffled.size(); from += cfg.batchSize()) {
                List<Integer> idx = shuffled.subList(from, Math.min(shuffled.size(), from + cfg.batchSize()));
                List<float[]> batch = idx.stream().map(x::get).toList();
                loss += Nd4jTurn.take(() -> {
                    INDArray by = Nd4j.zeros(DataType.FLOAT, idx.size(), 2);
                    for (int i = 0; i < idx.size(); i++) by.putScalar(i, bot[idx.get(i)] ? 1 : 0, 1f);
                    net.fit(new DataSet(SessionModel.standardised(batch, ms[0], ms[1]), by));
                    return net.score();
                });
                batches++;
            }
            loss /= batches;
            if (!Double.isFinite(loss)) throw new BadInput(label + " epoch " + epoch + ": the training loss is " + loss + "; check the features and labels");
        }
        progress.accept(String.format("%s: %d epochs, loss %.4f", label, cfg.epochs(), loss));
        return new SessionModel(version, net, ms[0], ms[1], 0.5);
    }

    /** The smallest score above which at most {@code fpr} of the humans lie (at least 0.5). */
    static double thresholdAtFpr(double[] p, boolean[] bot, double fpr) {
        return Math.max(0.5, Math.nextUp(BinaryMetrics.thresholdAtFpr(p, bot, fpr)));
    }

    /** Mean and standard deviation per feature over the rows {@code of} (σ floored at 1e-3: a constant feature stays 0). */
    static float[][] moments(List<float[]> x, List<Integer> of) {
        int f = x.get(0).length;
        double[] sum = new double[f], sq = new double[f];
        for (int i : of) {
            float[] r = x.get(i);
            for (int j = 0; j < f; j++) {
                sum[j] += r[j];
                sq[j] += (double) r[j] * r[j];
            }
        }
        float[] mean = new float[f], sd = new float[f];
        for (int j = 0; j < f; j++) {
            double m = sum[j] / of.size();
            mean[j] = (float) m;
            sd[j] = (float) Math.max(1e-3, Math.sqrt(Math.max(0, sq[j] / of.size() - m * m)));
        }
        return new float[][] {mean, sd};
    }

    static org.deeplearning4j.nn.conf.MultiLayerConfiguration network(Config cfg, long humans, long bots) {
        INDArray classWeights = Nd4j.create(new double[] {
                (humans + bots) / (2.0 * Math.max(1, humans)), (humans + bots) / (2.0 * Math.max(1, bots))});
        int f = SessionFeatures.NAMES.size();
        var list = new NeuralNetConfiguration.Builder()
                .seed(cfg.seed())
                .dataType(DataType.FLOAT)
                .updater(new Adam(cfg.learningRate()))
                .l2(cfg.l2())
                .weightInit(WeightInit.XAVIER)
                .list();
        if (cfg.hidden() > 0) {
            list.layer(new DenseLayer.Builder().nIn(f).nOut(cfg.hidden()).activation(Activation.TANH).build());
        }
        list.layer(new OutputLayer.Builder(new LossMCXENT(classWeights)).nIn(cfg.hidden() > 0 ? cfg.hidden() : f).nOut(2)
                .activation(Activation.SOFTMAX).build());
        return list.build();
    }
}
