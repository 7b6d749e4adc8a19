package com.streamlens.operators.mail.spam;

import java.util.List;

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
    private final SparseFirstLayer trigrams;
    private final SparseFirstLayer words;
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
        this.trigrams = pass == Pass.SPARSE ? new SparseFirstLayer(model.trigrams().network()) : null;
        this.words = pass == Pass.SPARSE && model.words() != null ? new SparseFirstLayer(model.words().network()) : null;
        this.scratch = ThreadLocal.withInitial(Scratch::new);
    }

    private final class Scratch {
        final TrigramFeaturizer.Workspace workspace = featurizer.newWorkspace();
        final float[] triAcc = trigrams == null ? null : new float[trigrams.hidden()];
        final float[] wordAcc = words == null ? null : new float[words.hidden()];
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
        float[] hTri = new float[n * trigrams.hidden()];
        float[] hWord = words == null ? null : new float[n * words.hidden()];
        for (int r = 0; r < n; r++) {
            TrigramFeaturizer.Features x = featurizer.featurise(texts.get(r), idf, wordIdf, own.workspace);
            trigrams.hidden(x.trigrams(), hTri, r, own.triAcc);
            if (words != null) words.hidden(x.words(), hWord, r, own.wordAcc);
        }
        double[] p = trigrams.column(hTri, n, 1);
        return words == null ? p : SpamTrainer.mean(p, words.column(hWord, n, 1));
    }
}
