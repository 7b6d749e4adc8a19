package com.streamlens.operators.antibot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.streamlens.operators.io.RemoteFiles;
import com.streamlens.operators.nd4j.Nd4jNetworks;
import com.streamlens.state.serde.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;

/**
 * A versioned session-model directory, {@code antibot-model-{version}/}: {@code network.zip} (DL4J, without updater
 * state) and {@code meta.json} (version, feature names with their training means and standard deviations, network,
 * threshold and how it was picked, metrics, hash of the training data), like the spam model's.
 */
public final class AntibotModelArtefact {
    public static final String NETWORK = "network.zip";
    public static final String META = "meta.json";

    private AntibotModelArtefact() {}

    public static Path save(Path outDir, AntibotTrainer.Trained trained, AntibotTrainer.Config cfg, Map<String, Object> metrics,
                            String dataHash) throws IOException {
        SessionModel m = trained.model();
        Path dir = Files.createDirectories(outDir.resolve("antibot-model-" + m.version()));
        ModelSerializer.writeModel(m.network(), dir.resolve(NETWORK).toFile(), false);
        ObjectNode meta = Json.MAPPER.createObjectNode();
        meta.put("version", m.version());
        meta.put("created_at", System.currentTimeMillis());
        ObjectNode features = meta.putObject("features");
        ArrayNode names = features.putArray("names");
        SessionFeatures.NAMES.forEach(names::add);
        ArrayNode mean = features.putArray("mean");
        ArrayNode sd = features.putArray("sd");
        for (int j = 0; j < m.mean().length; j++) {
            mean.add(m.mean()[j]);
            sd.add(m.sd()[j]);
        }
        features.put("standardisation", "z = (x - mean) / sd, over the training sessions");
        ObjectNode net = meta.putObject("network");
        net.put("kind", cfg.hidden() == 0 ? "logistic regression" : "mlp");
        net.put("hidden", cfg.hidden());
        net.put("epochs", cfg.epochs());
        net.put("learning_rate", cfg.learningRate());
        net.put("l2", cfg.l2());
        net.put("seed", cfg.seed());
        meta.put("threshold", m.threshold());
        meta.put("threshold_selection", "human FPR " + cfg.targetFpr() + " on " + cfg.folds() + "-fold out-of-fold scores of the training sessions, at least 0.5");
        meta.set("metrics", Json.MAPPER.valueToTree(metrics));
        meta.put("data_sha256", dataHash);
        Json.MAPPER.writerWithDefaultPrettyPrinter().writeValue(dir.resolve(META).toFile(), meta);
        return dir;
    }

    /** Loads a directory, or the URI of one (http(s):, file:, a Flink file system scheme), copied locally first. */
    public static SessionModel load(String location) {
        return RemoteFiles.loadDirectory(location, "antibot model", List.of(META, NETWORK), List.of(), AntibotModelArtefact::load);
    }

    /** A missing, corrupt or incompatible artefact is a clear error naming the file. */
    public static SessionModel load(Path dir) {
        Path metaFile = dir.resolve(META);
        Path netFile = dir.resolve(NETWORK);
        if (!Files.isRegularFile(metaFile) || !Files.isRegularFile(netFile)) {
            throw new IllegalArgumentException("antibot model directory " + dir + " must hold " + META + " and " + NETWORK);
        }
        JsonNode meta;
        try {
            meta = Json.MAPPER.readTree(metaFile.toFile());
        } catch (IOException e) {
            throw new IllegalArgumentException("corrupt antibot model metadata " + metaFile + ": " + e.getMessage(), e);
        }
        JsonNode f = meta.path("features");
        List<String> names = new ArrayList<>();
        f.path("names").forEach(n -> names.add(n.asText()));
        if (!names.equals(SessionFeatures.NAMES)) {
            throw new IllegalArgumentException("antibot model " + metaFile + " reads the features " + names + ", this build computes "
                    + SessionFeatures.NAMES + ": retrain it (scripts/train-antibot)");
        }
        if (f.path("mean").size() != names.size() || f.path("sd").size() != names.size() || !meta.hasNonNull("threshold")
                || !meta.hasNonNull("version")) {
            throw new IllegalArgumentException("corrupt antibot model metadata " + metaFile + ": missing version, threshold, mean or sd");
        }
        float[] mean = floats(f.path("mean"));
        float[] sd = floats(f.path("sd"));
        for (float s : sd) if (!(s > 0) || !Float.isFinite(s)) throw new IllegalArgumentException("corrupt antibot model metadata " + metaFile + ": sd " + s);
        MultiLayerNetwork network = Nd4jNetworks.restore(netFile, "antibot model", names.size(), "features");
        return new SessionModel(meta.get("version").asText(), network, mean, sd, meta.get("threshold").asDouble());
    }

    private static float[] floats(JsonNode array) {
        float[] out = new float[array.size()];
        for (int i = 0; i < out.length; i++) out[i] = (float) array.get(i).asDouble();
        return out;
    }
}
