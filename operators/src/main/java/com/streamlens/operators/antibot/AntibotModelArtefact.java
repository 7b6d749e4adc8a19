package com.streamlens.operators.antibot;

import com.streamlens.operators.nd4j.TabularArtefact;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * A versioned session-model directory, {@code antibot-model-{version}/} ({@link TabularArtefact}: network.zip and
 * meta.json with the features, their standardisation, metrics and data hash), plus the threshold and how it was picked.
 */
public final class AntibotModelArtefact {
    private static final String RETRAIN = "retrain it (scripts/train-antibot)";

    private AntibotModelArtefact() {}

    public static Path save(Path outDir, AntibotTrainer.Trained trained, AntibotTrainer.Config cfg, Map<String, Object> metrics,
                            String dataHash) throws IOException {
        SessionModel m = trained.model();
        return TabularArtefact.save(outDir, "antibot-model", m.net(), SessionFeatures.NAMES, cfg.network(), metrics, dataHash, meta -> {
            meta.put("threshold", m.threshold());
            meta.put("threshold_selection", "human FPR " + cfg.targetFpr() + " on " + cfg.folds() + "-fold out-of-fold scores of the training sessions, at least 0.5");
        });
    }

    /** Loads a directory, or the URI of one (http(s):, file:, a Flink file system scheme), copied locally first. */
    public static SessionModel load(String location) {
        return withThreshold(TabularArtefact.load(location, "antibot model", SessionFeatures.NAMES, RETRAIN));
    }

    /** A missing, corrupt or incompatible artefact is a clear error naming the file. */
    public static SessionModel load(Path dir) {
        return withThreshold(TabularArtefact.load(dir, "antibot model", SessionFeatures.NAMES, RETRAIN));
    }

    private static SessionModel withThreshold(TabularArtefact.Loaded loaded) {
        if (!loaded.meta().hasNonNull("threshold")) {
            throw new IllegalArgumentException("corrupt antibot model metadata: missing threshold (version " + loaded.network().version() + ")");
        }
        return new SessionModel(loaded.network(), loaded.meta().get("threshold").asDouble());
    }
}
