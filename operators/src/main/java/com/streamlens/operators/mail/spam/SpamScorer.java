package com.streamlens.operators.mail.spam;

import com.streamlens.operators.nd4j.Nd4jTurn;
import java.util.List;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Scores batches of mail texts with a trained model. The sparse path computes each tower's first layer as
 * h = softsign(b₁ + Σⱼ xⱼ·W₁[j,:]) over the few hundred trigrams (or words) a mail has (instead of a
 * 30,000-wide dense product), then the output layer for the whole batch in one ND4J GEMM:
 * p = softmax(H·W₂ + b₂); with a word tower the two probabilities are averaged. The dense path is the
 * networks' own output() on densified rows; both give the same probabilities. A scorer is built for one pass.
 * The sparse pass is thread-safe (read-only weights, scratch per thread), so one scorer can serve every subtask
 * of a task manager ({@link SharedSpamScorers}); the dense pass is not (DL4J networks keep their activations).
 */
public final class SpamScorer {
    /** Which forward pass scores: the sparse first layer (CPU, the default) or the networks' dense one (for the -Pcuda build). */
    public enum Pass { SPARSE, DENSE }

    private final Pass pass;
    private final TrigramFeaturizer featurizer;
    private final float[] idf;
    private final float[] wordIdf;
    private final double threshold;
    /** The networks: kept for the dense pass only (the sparse pass reads its own copies of the weights). */
    private final SpamTrainer.Trained networks;
    private final TowerWeights trigrams;
    private final TowerWeights words;
    /** Per-thread scratch of the sparse pass: featuriser counts and the first layers' accumulators. */
    private final ThreadLocal<Scratch> scratch;

    /** A scorer by one pass that keeps only what that pass reads (default model: sparse 28 MB on-heap, dense the networks' 23 MB off-heap). */
    public SpamScorer(SpamTrainer.Trained model, Pass pass) {
        this.pass = pass;
        this.featurizer = model.featurizer();
        this.idf = model.trigrams().idf();
        this.wordIdf = model.words() == null ? null : model.words().idf();
        this.threshold = model.threshold();
        this.networks = pass == Pass.DENSE ? model : null;
        this.trigrams = pass == Pass.SPARSE ? new TowerWeights(model.trigrams().network()) : null;
        this.words = pass == Pass.SPARSE && model.words() != null ? new TowerWeights(model.words().network()) : null;
        this.scratch = ThreadLocal.withInitial(Scratch::new);
    }

    private final class Scratch {
        final TrigramFeaturizer.Workspace workspace = featurizer.newWorkspace();
        final float[] triAcc = trigrams == null ? null : new float[trigrams.hidden];
        final float[] wordAcc = words == null ? null : new float[words.hidden];
    }

    /** The model's decision threshold: spam when p ≥ threshold. */
    public double threshold() {
        return threshold;
    }

    /** Spam probabilities of a batch of texts; both passes give the same probabilities (to 1e-5). */
    public double[] score(List<String> texts) {
        return pass == Pass.DENSE ? networks.score(texts) : scoreSparse(texts);
    }

    /** The sparse first layers, then one batched output-layer GEMM per tower. */
    private double[] scoreSparse(List<String> texts) {
        int n = texts.size();
        Scratch own = scratch.get();
        float[] hTri = new float[n * trigrams.hidden];
        float[] hWord = words == null ? null : new float[n * words.hidden];
        for (int r = 0; r < n; r++) {
            TrigramFeaturizer.Features x = featurizer.featurise(texts.get(r), idf, wordIdf, own.workspace);
            trigrams.hidden(x.trigrams(), hTri, r, own.triAcc);
            if (words != null) words.hidden(x.words(), hWord, r, own.wordAcc);
        }
        double[] p = trigrams.probabilities(hTri, n);
        return words == null ? p : SpamTrainer.mean(p, words.probabilities(hWord, n));
    }

    /** One tower's weights laid out for the sparse first layer. */
    private static final class TowerWeights {
        private final int hidden;
        /** W₁ one array per bucket: the row sums below then run as plain-index loops the JIT vectorises. */
        private final float[][] w1;
        private final float[] b1;
        private final INDArray w2;
        private final INDArray b2;

        TowerWeights(MultiLayerNetwork net) {
            INDArray w1m = net.getParam("0_W");
            this.hidden = (int) w1m.columns();
            // Subtasks may build their scorers while others score: the copies are ND4J ops, so they take the turn too.
            this.w1 = Nd4jTurn.take(() -> w1m.castTo(DataType.FLOAT).toFloatMatrix());
            this.b1 = Nd4jTurn.take(() -> net.getParam("0_b").reshape(hidden).toFloatVector());
            this.w2 = Nd4jTurn.take(() -> net.getParam("1_W").castTo(DataType.FLOAT).dup('c'));
            // a copy: a view would keep the network's whole parameter buffer alive
            this.b2 = Nd4jTurn.take(() -> net.getParam("1_b").castTo(DataType.FLOAT).reshape(1, 2).dup());
        }

        /** Row {@code r} of H = softsign(b₁ + Σⱼ xⱼ·W₁[j,:]), summed in the caller's {@code acc}. */
        void hidden(SparseVector x, float[] h, int r, float[] acc) {
            System.arraycopy(b1, 0, acc, 0, hidden);
            int[] idx = x.indices();
            float[] val = x.values();
            int k = 0;
            for (; k + 4 <= idx.length; k += 4) {
                addScaledRows(acc, w1[idx[k]], val[k], w1[idx[k + 1]], val[k + 1], w1[idx[k + 2]], val[k + 2], w1[idx[k + 3]], val[k + 3]);
            }
            for (; k < idx.length; k++) addScaledRow(acc, w1[idx[k]], val[k]);
            int base = r * hidden;
            for (int c = 0; c < hidden; c++) h[base + c] = acc[c] / (1 + Math.abs(acc[c])); // softsign
        }

        /** p = softmax(H·W₂ + b₂)[:, spam] for the first n rows of H, in one GEMM. */
        double[] probabilities(float[] h, int n) {
            return Nd4jTurn.take(() -> { // subtasks share this scorer: their broadcast ops take turns
                INDArray logits = Nd4j.create(h, new long[] {n, hidden}, 'c').mmul(w2).addiRowVector(b2);
                INDArray p = Transforms.softmax(logits, false);
                double[] out = new double[n];
                for (int r = 0; r < n; r++) out[r] = p.getDouble(r, 1);
                return out;
            });
        }
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
