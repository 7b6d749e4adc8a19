package com.streamlens.operators.spam;

import java.util.List;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Scores batches of mail texts with a trained model. The sparse path computes the first layer as
 * h = softsign(b₁ + Σⱼ xⱼ·W₁[j,:]) over the few hundred trigrams a mail has (instead of a 10,000-wide dense
 * product), then the output layer for the whole batch in one ND4J GEMM: p = softmax(H·W₂ + b₂). The dense
 * path is the network's own output() on densified rows; both give the same probabilities.
 */
public final class SpamScorer {
    private final SpamTrainer.Trained model;
    private final int buckets;
    private final int hidden;
    /** W₁ one array per trigram bucket: the row sums below then run as plain-index loops the JIT vectorises. */
    private final float[][] w1;
    private final float[] b1;
    private final INDArray w2;
    private final INDArray b2;
    private final TrigramFeaturizer.Workspace workspace;

    public SpamScorer(SpamTrainer.Trained model) {
        this.model = model;
        MultiLayerNetwork net = model.network();
        INDArray w1m = net.getParam("0_W");
        this.buckets = (int) w1m.rows();
        this.hidden = (int) w1m.columns();
        this.w1 = w1m.castTo(DataType.FLOAT).toFloatMatrix();
        this.b1 = net.getParam("0_b").reshape(hidden).toFloatVector();
        this.w2 = net.getParam("1_W").castTo(DataType.FLOAT).dup('c');
        this.b2 = net.getParam("1_b").castTo(DataType.FLOAT).reshape(1, 2);
        this.workspace = model.featurizer().newWorkspace(); // a scorer runs on one thread (one per operator subtask)
    }

    public SpamTrainer.Trained model() {
        return model;
    }

    /** Spam probabilities by the sparse first layer and one batched output-layer GEMM. */
    public double[] scoreSparse(List<String> texts) {
        int n = texts.size();
        float[] h = new float[n * hidden];
        float[] acc = new float[hidden];
        for (int r = 0; r < n; r++) {
            SparseVector x = model.featurizer().featurise(texts.get(r), model.idf(), workspace);
            System.arraycopy(b1, 0, acc, 0, hidden);
            int[] idx = x.indices();
            float[] val = x.values();
            for (int k = 0; k < idx.length; k++) {
                addScaledRow(acc, w1[idx[k]], val[k]);
            }
            int base = r * hidden;
            for (int c = 0; c < hidden; c++) h[base + c] = acc[c] / (1 + Math.abs(acc[c])); // softsign
        }
        INDArray logits = Nd4j.create(h, new long[] {n, hidden}, 'c').mmul(w2).addiRowVector(b2);
        INDArray p = Transforms.softmax(logits, false);
        double[] out = new double[n];
        for (int r = 0; r < n; r++) out[r] = p.getDouble(r, 1);
        return out;
    }

    /** acc += v · w: a plain-index loop, which JDK 17's JIT vectorises (an offset into one flat array it does not). */
    private static void addScaledRow(float[] acc, float[] w, float v) {
        for (int c = 0; c < acc.length; c++) acc[c] += v * w[c];
    }

    /** Spam probabilities by the network's dense forward pass (the reference, and the GPU-friendly path). */
    public double[] scoreDense(List<String> texts) {
        return model.score(texts);
    }

    public int buckets() {
        return buckets;
    }
}
