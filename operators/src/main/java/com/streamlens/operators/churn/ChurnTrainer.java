package com.streamlens.operators.churn;

import com.streamlens.operators.io.BadInput;
import com.streamlens.operators.nd4j.TabularTrainer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;

/**
 * Trains the churn model with DL4J ({@link TabularTrainer}): logistic regression ({@code hidden = 0}, the seed's LR) or
 * a small MLP with one tanh layer, from the same code. Not class-weighted: the output is read as a probability
 * (retention budgets, the at-risk ranking, Brier and log loss), so it must stay calibrated.
 */
public final class ChurnTrainer {
    private ChurnTrainer() {}

    /** The defaults, fixed before any evaluation: a 16-unit MLP, mild L2, few epochs (thousands of rows, not millions). */
    public static TabularTrainer.Config defaults() {
        return new TabularTrainer.Config(16, 15, 128, 2e-3, 1e-3, false, 42);
    }

    /** A model on raw feature rows ({@link ChurnFeatures#vector}) with labels (true: churned). */
    public static ChurnModel train(List<float[]> raw, boolean[] churned, String version, TabularTrainer.Config cfg, Consumer<String> progress) {
        if (raw.size() != churned.length) throw new IllegalArgumentException(raw.size() + " rows but " + churned.length + " labels");
        long positives = 0;
        for (boolean c : churned) if (c) positives++;
        if (positives == 0 || positives == churned.length) {
            throw new BadInput("the snapshots hold only " + (positives == 0 ? "customers who stayed" : "customers who left") + ": a model needs both");
        }
        List<float[]> x = raw.stream().map(ChurnFeatures::modelInput).toList();
        List<Integer> rows = new ArrayList<>(x.size());
        for (int i = 0; i < x.size(); i++) rows.add(i);
        progress.accept(String.format("training the churn model (%s) on %d snapshots, %.1f%% churned", cfg.kind(), x.size(), 100.0 * positives / x.size()));
        return new ChurnModel(TabularTrainer.fit(x, churned, rows, version, cfg, new Random(cfg.seed()), progress, "churn model"));
    }
}
