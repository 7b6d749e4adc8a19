package com.streamlens.operators.nd4j;

import com.streamlens.operators.io.BadInput;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
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
 * Fits a {@link TabularNetwork} with DL4J: logistic regression ({@code hidden = 0}: softmax over two classes straight
 * from the standardised features) or an MLP with one tanh layer; Adam, L2, mini-batches. {@code classWeighted} makes
 * both classes weigh the same in the cross-entropy (a detector with a threshold); without it the probabilities stay
 * calibrated (a risk score that is read as a probability).
 */
public final class TabularTrainer {
    private TabularTrainer() {}

    public record Config(int hidden, int epochs, int batchSize, double learningRate, double l2, boolean classWeighted, long seed) {
        public Config {
            if (hidden < 0 || epochs < 1 || batchSize < 1 || !(learningRate > 0) || !(l2 >= 0)) {
                throw new IllegalArgumentException("bad network settings: hidden " + hidden + ", epochs " + epochs + ", batch " + batchSize
                        + ", learning rate " + learningRate + ", l2 " + l2);
            }
        }

        public Config withSeed(long s) {
            return new Config(hidden, epochs, batchSize, learningRate, l2, classWeighted, s);
        }

        public String kind() {
            return hidden == 0 ? "logistic regression" : "mlp, " + hidden + " tanh units";
        }
    }

    /** One network on the rows {@code rows} of {@code x} (labels {@code y}), standardised with those rows' own moments. */
    public static TabularNetwork fit(List<float[]> x, boolean[] y, List<Integer> rows, String version, Config cfg, Random rnd,
                                     Consumer<String> progress, String label) {
        if (rows.isEmpty()) throw new BadInput(label + ": no rows to train on");
        Nd4jBackendCheck.require();
        int f = x.get(rows.get(0)).length;
        float[][] ms = moments(x, rows);
        long positives = rows.stream().filter(i -> y[i]).count();
        MultiLayerNetwork net = Nd4jTurn.take(() -> {
            MultiLayerNetwork n = new MultiLayerNetwork(network(cfg, f, rows.size() - positives, positives));
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
                    for (int i = 0; i < idx.size(); i++) by.putScalar(i, y[idx.get(i)] ? 1 : 0, 1f);
                    net.fit(new DataSet(TabularNetwork.standardised(batch, ms[0], ms[1]), by));
                    return net.score();
                });
                batches++;
            }
            loss /= batches;
            if (!Double.isFinite(loss)) throw new BadInput(label + " epoch " + epoch + ": the training loss is " + loss + "; check the features and labels");
        }
        progress.accept(String.format("%s: %d epochs, loss %.4f", label, cfg.epochs(), loss));
        return new TabularNetwork(version, net, ms[0], ms[1]);
    }

    /** Mean and standard deviation per feature over the rows {@code of}; σ = 0 marks a feature constant in them (z = 0), others are floored at 1e-3. */
    public static float[][] moments(List<float[]> x, List<Integer> of) {
        int f = x.get(of.get(0)).length;
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
            double s = Math.sqrt(Math.max(0, sq[j] / of.size() - m * m));
            mean[j] = (float) m;
            sd[j] = s < 1e-6 * Math.max(1, Math.abs(m)) ? 0f : (float) Math.max(1e-3, s);
        }
        return new float[][] {mean, sd};
    }

    static MultiLayerConfiguration network(Config cfg, int features, long negatives, long positives) {
        INDArray classWeights = cfg.classWeighted()
                ? Nd4j.create(new double[] {(negatives + positives) / (2.0 * Math.max(1, negatives)), (negatives + positives) / (2.0 * Math.max(1, positives))})
                : null;
        var list = new NeuralNetConfiguration.Builder()
                .seed(cfg.seed())
                .dataType(DataType.FLOAT)
                .updater(new Adam(cfg.learningRate()))
                .l2(cfg.l2())
                .weightInit(WeightInit.XAVIER)
                .list();
        if (cfg.hidden() > 0) {
            list.layer(new DenseLayer.Builder().nIn(features).nOut(cfg.hidden()).activation(Activation.TANH).build());
        }
        list.layer(new OutputLayer.Builder(classWeights == null ? new LossMCXENT() : new LossMCXENT(classWeights))
                .nIn(cfg.hidden() > 0 ? cfg.hidden() : features).nOut(2).activation(Activation.SOFTMAX).build());
        return list.build();
    }
}
