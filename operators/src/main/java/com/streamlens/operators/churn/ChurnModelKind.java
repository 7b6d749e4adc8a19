package com.streamlens.operators.churn;

import com.streamlens.operators.rollout.ModelKind;
import com.streamlens.operators.rollout.ModelScorer;
import com.streamlens.state.records.ChurnCase;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The churn model as the rollout machinery sees it (model name {@value #NAME}): the gate compares churn probabilities,
 * and counts a customer as positive at probability ≥ ½, the model's own decision boundary (the at-risk lists are
 * rankings, with no threshold of their own). Feature names are checked at load.
 */
public final class ChurnModelKind implements ModelKind<ChurnCase, ChurnModel.Explained> {
    public static final String NAME = "churn";
    static final double AT_RISK = 0.5;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public ModelScorer<ChurnCase, ChurnModel.Explained> openServing(String location) {
        return new Scorer(ChurnModelArtefact.load(location));
    }

    @Override
    public ModelScorer<ChurnCase, ChurnModel.Explained> load(Path dir) {
        return new Scorer(ChurnModelArtefact.load(dir));
    }

    /** Raw feature vectors of every shape: a new customer (zeros), ones, a long-gone big spender (large values). */
    @Override
    public List<ChurnCase> canary() {
        List<ChurnCase> out = new ArrayList<>();
        for (float v : new float[] {0, 1, 10_000}) {
            float[] f = new float[ChurnFeatures.NAMES.size()];
            Arrays.fill(f, v);
            out.add(new ChurnCase("canary", "canary", 0, "canary", f));
        }
        return out;
    }

    @Override
    public String userOf(ChurnCase c) {
        return c.userId;
    }

    private record Scorer(ChurnModel model) implements ModelScorer<ChurnCase, ChurnModel.Explained> {
        @Override
        public String version() {
            return model.version();
        }

        @Override
        public List<ChurnModel.Explained> score(List<ChurnCase> batch) {
            List<float[]> rows = new ArrayList<>(batch.size());
            for (ChurnCase c : batch) rows.add(c.features);
            return model.explain(rows, ScoreChurn.TOP_FEATURES);
        }

        @Override
        public double gateScore(ChurnModel.Explained e) {
            return e.probability();
        }

        @Override
        public boolean positive(ChurnModel.Explained e) {
            return e.probability() >= AT_RISK;
        }
    }
}
