package com.streamlens.operators.spam;

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
 * Trains the seeds' spam network: hashed-trigram TF-IDF → dense softsign layer (dropout) → softmax over
 * {ham, spam}, Adam, L2, class-weighted cross-entropy so the minority class counts as much as the
 * majority. Deterministic for a seed. The decision threshold maximises F1 on a validation tenth.
 */
public final class SpamTrainer {
    private SpamTrainer() {}

    public record Config(int buckets, int hidden, double retainProbability, double l2, double learningRate,
                         int epochs, int batchSize, long seed) {
        public static Config defaults() {
            return new Config(10_000, 96, 0.7, 1e-5, 1e-3, 10, 32, 42);
        }
    }

    /** A trained model: network, featuriser, learned IDF and decision threshold. */
    public record Trained(MultiLayerNetwork network, TrigramFeaturizer featurizer, float[] idf, double threshold) {
        /** Spam probabilities, scored in dense batches of 256. */
        public double[] score(List<String> texts) {
            double[] out = new double[texts.size()];
            for (int from = 0; from < texts.size(); from += 256) {
                int to = Math.min(texts.size(), from + 256);
                List<SparseVector> batch = new ArrayList<>(to - from);
                for (int i = from; i < to; i++) batch.add(featurizer.featurise(texts.get(i), idf));
                INDArray p = network.output(dense(batch, featurizer.buckets()), false);
                for (int i = from; i < to; i++) out[i] = p.getDouble(i - from, 1);
            }
            return out;
        }
    }

    public static Trained train(List<LabeledMail> examples, Config cfg, Consumer<String> progress) {
        Random rnd = new Random(cfg.seed());
        List<LabeledMail> shuffled = new ArrayList<>(examples);
        Collections.shuffle(shuffled, rnd);
        int nVal = Math.max(1, shuffled.size() / 10);
        List<LabeledMail> val = shuffled.subList(0, nVal);
        List<LabeledMail> fit = shuffled.subList(nVal, shuffled.size());

        TrigramFeaturizer featurizer = new TrigramFeaturizer(cfg.buckets());
        List<SparseVector> counts = fit.stream().map(m -> featurizer.counts(m.text())).toList();
        float[] idf = featurizer.learnIdf(counts);
        List<SparseVector> x = counts.stream().map(c -> featurizer.tfidf(c, idf)).toList();
        long spam = fit.stream().filter(LabeledMail::spam).count();
        long ham = fit.size() - spam;
        progress.accept(String.format("training on %d mails (%d spam, %d ham), validating on %d; %d buckets, %d hidden",
                fit.size(), spam, ham, val.size(), cfg.buckets(), cfg.hidden()));

        MultiLayerNetwork net = new MultiLayerNetwork(network(cfg, ham, spam));
        net.init();
        Trained model = new Trained(net, featurizer, idf, 0.5);
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < fit.size(); i++) order.add(i);
        List<String> valTexts = val.stream().map(LabeledMail::text).toList();
        boolean[] valLabels = labels(val);
        for (int epoch = 1; epoch <= cfg.epochs(); epoch++) {
            long started = System.nanoTime();
            Collections.shuffle(order, rnd);
            double lossSum = 0;
            int batches = 0;
            for (int from = 0; from < order.size(); from += cfg.batchSize()) {
                List<Integer> idx = order.subList(from, Math.min(order.size(), from + cfg.batchSize()));
                List<SparseVector> bx = new ArrayList<>(idx.size());
                INDArray y = Nd4j.zeros(DataType.FLOAT, idx.size(), 2);
                for (int i = 0; i < idx.size(); i++) {
                    bx.add(x.get(idx.get(i)));
                    y.putScalar(i, fit.get(idx.get(i)).spam() ? 1 : 0, 1f);
                }
                net.fit(new DataSet(dense(bx, cfg.buckets()), y));
                lossSum += net.score();
                batches++;
            }
            double valAuc = BinaryMetrics.auc(model.score(valTexts), valLabels);
            progress.accept(String.format("epoch %2d/%d  loss %.4f  validation AUC %.5f  (%.1f s)", epoch, cfg.epochs(),
                    lossSum / batches, valAuc, (System.nanoTime() - started) / 1e9));
        }
        double threshold = BinaryMetrics.bestF1Threshold(model.score(valTexts), valLabels);
        progress.accept(String.format("decision threshold %.2f (best F1 on validation)", threshold));
        return new Trained(net, featurizer, idf, threshold);
    }

    static MultiLayerConfiguration network(Config cfg, long ham, long spam) {
        // Balanced class weights: each class contributes half of the loss.
        INDArray classWeights = Nd4j.create(new double[] {
                (ham + spam) / (2.0 * Math.max(1, ham)), (ham + spam) / (2.0 * Math.max(1, spam))});
        return new NeuralNetConfiguration.Builder()
                .seed(cfg.seed())
                .dataType(DataType.FLOAT)
                .updater(new Adam(cfg.learningRate()))
                .l2(cfg.l2())
                .weightInit(WeightInit.XAVIER)
                .list()
                .layer(new DenseLayer.Builder().nIn(cfg.buckets()).nOut(cfg.hidden())
                        .activation(Activation.SOFTSIGN).dropOut(cfg.retainProbability()).build())
                .layer(new OutputLayer.Builder(new LossMCXENT(classWeights)).nIn(cfg.hidden()).nOut(2)
                        .activation(Activation.SOFTMAX).build())
                .build();
    }

    static boolean[] labels(List<LabeledMail> mails) {
        boolean[] y = new boolean[mails.size()];
        for (int i = 0; i < y.length; i++) y[i] = mails.get(i).spam();
        return y;
    }

    /** Densifies a batch of sparse rows (the network's input layer is dense; scoring has a sparse fast path later). */
    static INDArray dense(List<SparseVector> rows, int width) {
        float[] flat = new float[rows.size() * width];
        for (int r = 0; r < rows.size(); r++) {
            SparseVector v = rows.get(r);
            for (int k = 0; k < v.indices().length; k++) flat[r * width + v.indices()[k]] = v.values()[k];
        }
        return Nd4j.create(flat, new long[] {rows.size(), width}, 'c');
    }
}
