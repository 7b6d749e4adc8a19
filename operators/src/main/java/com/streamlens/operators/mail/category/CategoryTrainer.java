package com.streamlens.operators.mail.category;

import com.streamlens.operators.io.BadInput;
import com.streamlens.operators.mail.spam.SparseVector;
import com.streamlens.operators.mail.spam.TrigramFeaturizer;
import com.streamlens.operators.nd4j.Nd4jBackendCheck;
import com.streamlens.operators.nd4j.Nd4jTurn;
import com.streamlens.operators.stats.MulticlassMetrics;
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
 * The mail category network: the spam model's hashed character-trigram TF-IDF of subject and body, beside the
 * {@link HeaderFeatures}, into one dense softsign layer (dropout) and a softmax over the configured classes; Adam, L2,
 * class-weighted cross-entropy (each class weighs as much in the loss, however rare). Deterministic for a seed.
 */
public final class CategoryTrainer {
    private CategoryTrainer() {}

    public record Config(int buckets, int hidden, double retainProbability, double l2, double learningRate, int epochs, int batchSize, long seed) {
        public static Config defaults() {
            return new Config(8_192, 32, 0.5, 1e-5, 1e-3, 10, 32, 42);
        }

        public Config withSeed(long s) {
            return new Config(buckets, hidden, retainProbability, l2, learningRate, epochs, batchSize, s);
        }
    }

    /** A trained model: the classes in output order, the text featuriser with its IDF, and the network. */
    public record Trained(List<String> classes, TrigramFeaturizer featurizer, float[] idf, MultiLayerNetwork network) {
        /** Class probabilities per letter (rows in {@link #classes} order), in batches of 256. */
        public double[][] probabilities(List<CategoryExample> letters) {
            double[][] out = new double[letters.size()][];
            TrigramFeaturizer.Workspace ws = featurizer.newWorkspace();
            for (int from = 0; from < letters.size(); from += 256) {
                List<CategoryExample> batch = letters.subList(from, Math.min(letters.size(), from + 256));
                List<SparseVector> text = new ArrayList<>(batch.size());
                for (CategoryExample e : batch) text.add(featurizer.featurise(e.text(), idf, null, ws).trigrams());
                INDArray x = input(text, batch, featurizer.buckets());
                int start = from;
                Nd4jTurn.take(() -> {
                    INDArray p = network.output(x, false);
                    for (int i = 0; i < batch.size(); i++) out[start + i] = p.getRow(i).toDoubleVector();
                    return p;
                });
            }
            return out;
        }

        /** The most probable class of each letter. */
        public int[] classify(List<CategoryExample> letters) {
            double[][] p = probabilities(letters);
            int[] out = new int[p.length];
            for (int i = 0; i < p.length; i++) out[i] = MulticlassMetrics.argmax(p[i]);
            return out;
        }
    }

    /** Trains on every example; {@code classes} fixes the output order (every label must be one of them). */
    public static Trained train(List<CategoryExample> examples, List<String> classes, Config cfg, Consumer<String> progress) {
        Nd4jBackendCheck.require();
        int[] y = labels(examples, classes);
        TrigramFeaturizer featurizer = new TrigramFeaturizer(cfg.buckets(), false);
        List<SparseVector> counts = examples.stream().map(e -> featurizer.counts(e.text()).trigrams()).toList();
        float[] idf = featurizer.learnIdf(counts);
        List<SparseVector> text = counts.stream().map(c -> featurizer.tfidf(c, idf)).toList();
        long[] perClass = new long[classes.size()];
        for (int c : y) perClass[c]++;
        MultiLayerNetwork net = Nd4jTurn.take(() -> {
            MultiLayerNetwork n = new MultiLayerNetwork(network(cfg, perClass, featurizer.buckets() + HeaderFeatures.NAMES.size()));
            n.init();
            return n;
        });
        Random rnd = new Random(cfg.seed());
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < examples.size(); i++) order.add(i);
        for (int epoch = 1; epoch <= cfg.epochs(); epoch++) {
            long started = System.nanoTime();
            Collections.shuffle(order, rnd);
            double loss = 0;
            int batches = 0;
            for (int from = 0; from < order.size(); from += cfg.batchSize()) {
                List<Integer> idx = order.subList(from, Math.min(order.size(), from + cfg.batchSize()));
                List<SparseVector> bx = idx.stream().map(text::get).toList();
                List<CategoryExample> be = idx.stream().map(examples::get).toList();
                loss += Nd4jTurn.take(() -> {
                    INDArray by = Nd4j.zeros(DataType.FLOAT, idx.size(), classes.size());
                    for (int i = 0; i < idx.size(); i++) by.putScalar(i, y[idx.get(i)], 1f);
                    net.fit(new DataSet(input(bx, be, featurizer.buckets()), by));
                    return net.score();
                });
                batches++;
            }
            if (!Double.isFinite(loss / batches)) throw new BadInput("epoch " + epoch + ": the training loss is " + loss / batches + "; the data cannot be learned as given");
            progress.accept(String.format("epoch %2d/%d  loss %.4f  (%.1f s)", epoch, cfg.epochs(), loss / batches, (System.nanoTime() - started) / 1e9));
        }
        return new Trained(List.copyOf(classes), featurizer, idf, net);
    }

    static int[] labels(List<CategoryExample> examples, List<String> classes) {
        int[] y = new int[examples.size()];
        for (int i = 0; i < y.length; i++) {
            y[i] = classes.indexOf(examples.get(i).label());
            if (y[i] < 0) throw new BadInput("label " + examples.get(i).label() + " is not one of the classes " + classes);
        }
        return y;
    }

    /** Text TF-IDF in the first {@code buckets} columns, the header features after them. */
    static INDArray input(List<SparseVector> text, List<CategoryExample> letters, int buckets) {
        int width = buckets + HeaderFeatures.NAMES.size();
        float[] flat = new float[text.size() * width];
        for (int r = 0; r < text.size(); r++) {
            SparseVector v = text.get(r);
            for (int k = 0; k < v.indices().length; k++) flat[r * width + v.indices()[k]] = v.values()[k];
            float[] h = HeaderFeatures.of(letters.get(r).from(), letters.get(r).headers());
            System.arraycopy(h, 0, flat, r * width + buckets, h.length);
        }
        return Nd4j.create(flat, new long[] {text.size(), width}, 'c');
    }

    static org.deeplearning4j.nn.conf.MultiLayerConfiguration network(Config cfg, long[] perClass, int inputs) {
        long total = 0;
        for (long n : perClass) total += n;
        double[] w = new double[perClass.length];
        for (int c = 0; c < w.length; c++) w[c] = total / (perClass.length * (double) Math.max(1, perClass[c])); // balanced: every class carries an equal share of the loss
        return new NeuralNetConfiguration.Builder()
                .seed(cfg.seed())
                .dataType(DataType.FLOAT)
                .updater(new Adam(cfg.learningRate()))
                .l2(cfg.l2())
                .weightInit(WeightInit.XAVIER)
                .list()
                .layer(new DenseLayer.Builder().nIn(inputs).nOut(cfg.hidden()).activation(Activation.SOFTSIGN).dropOut(cfg.retainProbability()).build())
                .layer(new OutputLayer.Builder(new LossMCXENT(Nd4j.create(w))).nIn(cfg.hidden()).nOut(perClass.length).activation(Activation.SOFTMAX).build())
                .build();
    }
}
