package com.streamlens.operators.mail.spam;

import com.streamlens.operators.nd4j.Nd4jTurn;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * A dense-softsign → softmax network (the spam towers', the category model's) scored with its first layer as a sum of
 * weight rows: h = softsign(b₁ + Σⱼ xⱼ·W₁[j,:]) over the few hundred non-zero inputs of a letter instead of a product
 * with the whole input width, then the output layer for a whole batch in one ND4J GEMM: p = softmax(H·W₂ + b₂).
 * Read-only once built: one instance can serve many threads, each with its own accumulator.
 */
public final class SparseFirstLayer {
    private final int hidden;
    private final int classes;
    /** W₁ one array per input: the row sums below then run as plain-index loops the JIT vectorises. */
    private final float[][] w1;
    private final float[] b1;
    private final INDArray w2;
    private final INDArray b2;

    public SparseFirstLayer(MultiLayerNetwork net) {
        INDArray w1m = net.getParam("0_W");
        this.hidden = (int) w1m.columns();
        // Subtasks may build their scorers while others score: the copies are ND4J ops, so they take the turn too.
        this.w1 = Nd4jTurn.take(() -> w1m.castTo(DataType.FLOAT).toFloatMatrix());
        this.b1 = Nd4jTurn.take(() -> net.getParam("0_b").reshape(hidden).toFloatVector());
        this.w2 = Nd4jTurn.take(() -> net.getParam("1_W").castTo(DataType.FLOAT).dup('c'));
        this.classes = (int) w2.columns();
        // a copy: a view would keep the network's whole parameter buffer alive
        this.b2 = Nd4jTurn.take(() -> net.getParam("1_b").castTo(DataType.FLOAT).reshape(1, classes).dup());
    }

    public int hidden() {
        return hidden;
    }

    /** Row {@code r} of H = softsign(b₁ + Σⱼ xⱼ·W₁[j,:]), summed in the caller's {@code acc}. */
    public void hidden(SparseVector x, float[] h, int r, float[] acc) {
        sum(x, acc);
        softsign(acc, h, r);
    }

    /** The same with dense inputs too: {@code tail[i]} is input {@code tailFrom + i} (the category model's header features). */
    public void hidden(SparseVector x, float[] tail, int tailFrom, float[] h, int r, float[] acc) {
        sum(x, acc);
        for (int i = 0; i < tail.length; i++) if (tail[i] != 0) addScaledRow(acc, w1[tailFrom + i], tail[i]);
        softsign(acc, h, r);
    }

    /** acc = b₁ + Σⱼ xⱼ·W₁[j,:], four rows at a time. */
    private void sum(SparseVector x, float[] acc) {
        System.arraycopy(b1, 0, acc, 0, hidden);
        int[] idx = x.indices();
        float[] val = x.values();
        int k = 0;
        for (; k + 4 <= idx.length; k += 4) {
            addScaledRows(acc, w1[idx[k]], val[k], w1[idx[k + 1]], val[k + 1], w1[idx[k + 2]], val[k + 2], w1[idx[k + 3]], val[k + 3]);
        }
        for (; k < idx.length; k++) addScaledRow(acc, w1[idx[k]], val[k]);
    }

    private void softsign(float[] acc, float[] h, int r) {
        int base = r * hidden;
        for (int c = 0; c < hidden; c++) h[base + c] = acc[c] / (1 + Math.abs(acc[c]));
    }

    /** softmax(H·W₂ + b₂)[:, column] for the first n rows of H, in one GEMM. */
    public double[] column(float[] h, int n, int column) {
        return Nd4jTurn.take(() -> { // subtasks share a scorer: their broadcast ops take turns
            INDArray p = softmax(h, n);
            double[] out = new double[n];
            for (int r = 0; r < n; r++) out[r] = p.getDouble(r, column);
            return out;
        });
    }

    /** softmax(H·W₂ + b₂) for the first n rows of H, in one GEMM. */
    public double[][] probabilities(float[] h, int n) {
        return Nd4jTurn.take(() -> softmax(h, n).toDoubleMatrix());
    }

    private INDArray softmax(float[] h, int n) {
        INDArray logits = Nd4j.create(h, new long[] {n, hidden}, 'c').mmul(w2).addiRowVector(b2);
        return Transforms.softmax(logits, false);
    }

    /** acc += a·wa + b·wb + c·wc + d·wd: one load and store of acc per four rows (the loop is load/store bound). */
    private static void addScaledRows(float[] acc, float[] wa, float a, float[] wb, float b, float[] wc, float c, float[] wd, float d) {
        for (int j = 0; j < acc.length; j++) acc[j] += a * wa[j] + b * wb[j] + c * wc[j] + d * wd[j];
    }

    /** acc += v · w: a plain-index loop, which JDK 17's JIT vectorises (an offset into one flat array it does not). */
    private static void addScaledRow(float[] acc, float[] w, float v) {
        for (int c = 0; c < acc.length; c++) acc[c] += v * w[c];
    }
}
