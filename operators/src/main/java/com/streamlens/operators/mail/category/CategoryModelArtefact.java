package com.streamlens.operators.mail.category;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.streamlens.operators.io.RemoteFiles;
import com.streamlens.operators.mail.spam.TrigramFeaturizer;
import com.streamlens.operators.nd4j.Nd4jNetworks;
import com.streamlens.operators.nd4j.TabularArtefact;
import com.streamlens.state.serde.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A versioned category model directory, {@code mail-categories-{version}/}: {@code network.zip} (DL4J, without updater
 * state) and {@code meta.json} (version, classes in output order, the text features with their IDF, the header feature
 * names, network settings, held-out metrics, hash of the training data), as the spam model's.
 */
public final class CategoryModelArtefact {
    public static final String NETWORK = "network.zip";
    public static final String META = "meta.json";

    public record Loaded(String version, CategoryTrainer.Trained model, JsonNode meta) {}

    private CategoryModelArtefact() {}

    public static Path save(Path outDir, String version, CategoryTrainer.Trained model, CategoryTrainer.Config cfg, Map<String, Object> metrics,
                            String dataHash, String labelMeaning) throws IOException {
        Path dir = Files.createDirectories(outDir.resolve("mail-categories-" + version));
        org.deeplearning4j.util.ModelSerializer.writeModel(model.network(), dir.resolve(NETWORK).toFile(), false);
        ObjectNode meta = Json.MAPPER.createObjectNode();
        meta.put("version", version);
        meta.put("created_at", System.currentTimeMillis());
        ArrayNode classes = meta.putArray("classes");
        model.classes().forEach(classes::add);
        meta.put("labels", labelMeaning);
        ObjectNode features = meta.putObject("features");
        features.put("text", "subject + body: hashed char trigrams, 1 + ln(tf), idf ln((1 + N)/(1 + df)) + 1, l2 norm (the spam model's)");
        features.put("buckets", model.featurizer().buckets());
        ArrayNode idf = features.putArray("idf_values");
        for (float v : model.idf()) idf.add(v);
        ArrayNode headers = features.putArray("header_names");
        HeaderFeatures.NAMES.forEach(headers::add);
        ObjectNode net = meta.putObject("network");
        net.put("hidden", cfg.hidden());
        net.put("activation", "softsign");
        net.put("retain_probability", cfg.retainProbability());
        net.put("l2", cfg.l2());
        net.put("learning_rate", cfg.learningRate());
        net.put("epochs", cfg.epochs());
        net.put("seed", cfg.seed());
        net.put("class_weighted", true);
        meta.set("metrics", Json.MAPPER.valueToTree(metrics));
        meta.put("data_sha256", dataHash);
        Json.MAPPER.writerWithDefaultPrettyPrinter().writeValue(dir.resolve(META).toFile(), meta);
        return dir;
    }

    /** A directory or the URI of one (http(s):, file:, a Flink file system scheme), copied locally first. */
    public static Loaded load(String location) {
        return RemoteFiles.loadDirectory(location, "mail category model", List.of(META, NETWORK), List.of(), CategoryModelArtefact::load);
    }

    /** A missing, corrupt or incompatible artefact is a clear error naming the file. */
    public static Loaded load(Path dir) {
        Path metaFile = dir.resolve(META);
        Path netFile = dir.resolve(NETWORK);
        JsonNode meta = TabularArtefact.readMeta(dir, "mail category model");
        JsonNode f = meta.path("features");
        int buckets = f.path("buckets").asInt(-1);
        List<String> classes = new ArrayList<>();
        meta.path("classes").forEach(c -> classes.add(c.asText()));
        List<String> headers = new ArrayList<>();
        f.path("header_names").forEach(h -> headers.add(h.asText()));
        if (buckets < 16 || f.path("idf_values").size() != buckets || classes.size() < 2 || !meta.hasNonNull("version")) {
            throw new IllegalArgumentException("corrupt mail category model metadata " + metaFile + ": missing version, classes or IDF of " + buckets + " buckets");
        }
        if (!headers.equals(HeaderFeatures.NAMES)) {
            throw new IllegalArgumentException("mail category model " + metaFile + " reads the header features " + headers + ", this build computes "
                    + HeaderFeatures.NAMES + ": retrain it with scripts/train-mail-categories");
        }
        var network = Nd4jNetworks.restore(netFile, "mail category model", buckets + headers.size(), "inputs");
        long outputs = network.layerSize(network.getnLayers() - 1);
        if (outputs != classes.size()) {
            throw new IllegalArgumentException("mail category model " + netFile + " has " + outputs + " outputs for " + classes.size() + " classes " + classes);
        }
        return new Loaded(meta.get("version").asText(),
                new CategoryTrainer.Trained(List.copyOf(classes), new TrigramFeaturizer(buckets, false), TabularArtefact.floats(f.path("idf_values")), network), meta);
    }
}
