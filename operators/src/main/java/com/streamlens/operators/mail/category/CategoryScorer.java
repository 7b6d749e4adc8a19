package com.streamlens.operators.mail.category;

import com.streamlens.operators.mail.spam.SparseFirstLayer;
import com.streamlens.operators.mail.spam.TrigramFeaturizer;
import java.util.List;

/**
 * Scores letters with a category model the way the job does: the text's trigrams and the header features through the
 * first layer as a sum of weight rows ({@link SparseFirstLayer}), then one batched output layer. Gives the network's own
 * probabilities (to 1e-5); thread-safe, with scratch per thread.
 */
public final class CategoryScorer {
    private final CategoryTrainer.Trained model;
    private final SparseFirstLayer layer;
    private final ThreadLocal<TrigramFeaturizer.Workspace> workspace;
    private final ThreadLocal<float[]> acc;

    public CategoryScorer(CategoryTrainer.Trained model) {
        this.model = model;
        this.layer = new SparseFirstLayer(model.network());
        this.workspace = ThreadLocal.withInitial(() -> model.featurizer().newWorkspace());
        this.acc = ThreadLocal.withInitial(() -> new float[layer.hidden()]);
    }

    public List<String> classes() {
        return model.classes();
    }

    /** Class probabilities per letter, rows in {@link #classes} order. */
    public double[][] probabilities(List<CategoryExample> letters) {
        int n = letters.size();
        float[] h = new float[n * layer.hidden()];
        TrigramFeaturizer.Workspace ws = workspace.get();
        float[] sum = acc.get();
        for (int r = 0; r < n; r++) {
            CategoryExample e = letters.get(r);
            layer.hidden(model.featurizer().featurise(e.text(), model.idf(), null, ws).trigrams(), HeaderFeatures.of(e.from(), e.headers()),
                    model.featurizer().buckets(), h, r, sum);
        }
        return layer.probabilities(h, n);
    }
}
