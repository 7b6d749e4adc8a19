package com.streamlens.operators.churn;

import com.streamlens.operators.nd4j.TabularArtefact;
import com.streamlens.operators.nd4j.TabularTrainer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * A versioned churn-model directory, {@code churn-model-{version}/} ({@link TabularArtefact}: network.zip and meta.json
 * with the features, their transform and standardisation, metrics and the data hash), plus the label's definition.
 */
public final class ChurnModelArtefact {
    private static final String WHAT = "churn model";
    private static final String RETRAIN = "retrain it (scripts/train-churn)";

    private ChurnModelArtefact() {}

    public static Path save(Path outDir, ChurnModel m, TabularTrainer.Config cfg, int horizonDays, Map<String, Object> metrics, String dataHash)
            throws IOException {
        return TabularArtefact.save(outDir, "churn-model", m.net(), ChurnFeatures.NAMES, cfg, metrics, dataHash, meta -> {
            meta.put("label", "no activity in the " + horizonDays + " days after the snapshot");
            meta.put("horizon_days", horizonDays);
            meta.put("transform", "log(1 + x) of days, counts and money before standardisation (ChurnFeatures.modelInput)");
        });
    }

    /** Loads a directory, or the URI of one; a missing, corrupt or incompatible artefact is a clear error naming the file. */
    public static ChurnModel load(String location) {
        return new ChurnModel(TabularArtefact.load(location, WHAT, ChurnFeatures.NAMES, RETRAIN).network());
    }

    public static ChurnModel load(Path dir) {
        return new ChurnModel(TabularArtefact.load(dir, WHAT, ChurnFeatures.NAMES, RETRAIN).network());
    }
}
