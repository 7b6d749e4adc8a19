package com.streamlens.operators.nd4j;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.streamlens.operators.io.RemoteFiles;
import com.streamlens.state.serde.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;

/**
 * A versioned model directory, {@code {name}-{version}/}: {@code network.zip} (DL4J, without updater state) and
 * {@code meta.json} (version, feature names with their training means and standard deviations, network settings,
 * metrics, hash of the training data, plus what the model adds), as the spam model's. The antibot's session model and
 * the churn model are written and read here.
 */
public final class TabularArtefact {
    public static final String NETWORK = "network.zip";
    public static final String META = "meta.json";

    /** A loaded artefact: the network and its whole metadata (for what the model added, e.g. a threshold). */
    public record Loaded(TabularNetwork network, JsonNode meta) {}

    private TabularArtefact() {}

    /** Writes {@code outDir/{name}-{version}}; {@code extra} adds the model's own fields to meta.json. */
    public static Path save(Path outDir, String name, TabularNetwork m, List<String> featureNames, TabularTrainer.Config cfg,
                            Map<String, Object> metrics, String dataHash, Consumer<ObjectNode> extra) throws IOException {
        if (featureNames.size() != m.features()) throw new IllegalArgumentException(featureNames.size() + " names for " + m.features() + " features");
        Path dir = Files.createDirectories(outDir.resolve(name + "-" + m.version()));
        ModelSerializer.writeModel(m.network(), dir.resolve(NETWORK).toFile(), false);
        ObjectNode meta = Json.MAPPER.createObjectNode();
        meta.put("version", m.version());
        meta.put("created_at", System.currentTimeMillis());
        ObjectNode features = meta.putObject("features");
        ArrayNode names = features.putArray("names");
        featureNames.forEach(names::add);
        ArrayNode mean = features.putArray("mean");
        ArrayNode sd = features.putArray("sd");
        for (int j = 0; j < m.features(); j++) {
            mean.add(m.mean()[j]);
            sd.add(m.sd()[j]);
        }
        features.put("standardisation", "z = (x - mean) / sd over the training rows; sd 0: constant in training, z = 0");
        ObjectNode net = meta.putObject("network");
        net.put("kind", cfg.hidden() == 0 ? "logistic regression" : "mlp");
        net.put("hidden", cfg.hidden());
        net.put("epochs", cfg.epochs());
        net.put("learning_rate", cfg.learningRate());
        net.put("l2", cfg.l2());
        net.put("class_weighted", cfg.classWeighted());
        net.put("seed", cfg.seed());
        extra.accept(meta);
        meta.set("metrics", Json.MAPPER.valueToTree(metrics));
        meta.put("data_sha256", dataHash);
        Json.MAPPER.writerWithDefaultPrettyPrinter().writeValue(dir.resolve(META).toFile(), meta);
        return dir;
    }

    /** Loads a directory, or the URI of one (http(s):, file:, a Flink file system scheme), copied locally first. */
    public static Loaded load(String location, String what, List<String> featureNames, String retrain) {
        return RemoteFiles.loadDirectory(location, what, List.of(META, NETWORK), List.of(), dir -> load(dir, what, featureNames, retrain));
    }

    /**
     * A missing, corrupt or incompatible artefact is a clear error naming the file; {@code retrain} says how to get a
     * compatible one.
     */
    public static Loaded load(Path dir, String what, List<String> featureNames, String retrain) {
        Path metaFile = dir.resolve(META);
        Path netFile = dir.resolve(NETWORK);
        JsonNode meta = readMeta(dir, what);
        JsonNode f = meta.path("features");
        List<String> names = new ArrayList<>();
        f.path("names").forEach(n -> names.add(n.asText()));
        if (!names.equals(featureNames)) {
            throw new IllegalArgumentException(what + " " + metaFile + " reads the features " + names + ", this build computes "
                    + featureNames + ": " + retrain);
        }
        if (f.path("mean").size() != names.size() || f.path("sd").size() != names.size() || !meta.hasNonNull("version")) {
            throw new IllegalArgumentException("corrupt " + what + " metadata " + metaFile + ": missing version, mean or sd");
        }
        float[] mean = floats(f.path("mean"));
        float[] sd = floats(f.path("sd"));
        for (int j = 0; j < sd.length; j++) {
            if (!(sd[j] >= 0) || !Float.isFinite(sd[j]) || !Float.isFinite(mean[j])) {
                throw new IllegalArgumentException("corrupt " + what + " metadata " + metaFile + ": feature " + names.get(j) + " mean " + mean[j] + " sd " + sd[j]);
            }
        }
        MultiLayerNetwork network = Nd4jNetworks.restore(netFile, what, names.size(), "features");
        return new Loaded(new TabularNetwork(meta.get("version").asText(), network, mean, sd), meta);
    }

    /**
     * A model directory's {@code meta.json}, parsed, once it and {@code network.zip} are there: every model artefact of
     * the product (spam, categories, session, churn) has both. A missing file or corrupt JSON is an
     * {@link IllegalArgumentException} naming {@code what} ("spam model") and the file.
     */
    public static JsonNode readMeta(Path dir, String what) {
        Path metaFile = dir.resolve(META);
        if (!Files.isRegularFile(metaFile) || !Files.isRegularFile(dir.resolve(NETWORK))) {
            throw new IllegalArgumentException(what + " directory " + dir + " must hold " + META + " and " + NETWORK);
        }
        try {
            return Json.MAPPER.readTree(metaFile.toFile());
        } catch (IOException e) {
            throw new IllegalArgumentException("corrupt " + what + " metadata " + metaFile + ": " + e.getMessage(), e);
        }
    }

    /** A JSON array of numbers as floats. */
    public static float[] floats(JsonNode array) {
        float[] out = new float[array.size()];
        for (int i = 0; i < out.length; i++) out[i] = (float) array.get(i).asDouble();
        return out;
    }
}
