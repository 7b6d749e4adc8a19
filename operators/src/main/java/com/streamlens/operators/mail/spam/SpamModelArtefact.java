package com.streamlens.operators.mail.spam;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.streamlens.operators.io.RemoteFiles;
import com.streamlens.operators.nd4j.TabularArtefact;
import com.streamlens.operators.nd4j.Nd4jNetworks;
import com.streamlens.state.serde.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;

/**
 * A versioned model directory: {@code network.zip} (the trigram tower, DL4J, without updater state),
 * {@code word-network.zip} (the word tower, when the model hashes words) and {@code meta.json} (version,
 * feature configuration, IDF per space, decision threshold, training metrics, hash of the training data).
 */
public final class SpamModelArtefact {
    public static final String NETWORK = "network.zip";
    public static final String WORD_NETWORK = "word-network.zip";
    public static final String META = "meta.json";

    private SpamModelArtefact() {}

    public record Loaded(String version, SpamTrainer.Trained model, JsonNode meta) {}

    public static Path save(Path outDir, String version, SpamTrainer.Trained model, Map<String, Object> metrics,
                            String dataHash, SpamTrainer.Config cfg) throws IOException {
        Path dir = Files.createDirectories(outDir.resolve("spam-model-" + version));
        ModelSerializer.writeModel(model.trigrams().network(), dir.resolve(NETWORK).toFile(), false);
        if (model.words() != null) ModelSerializer.writeModel(model.words().network(), dir.resolve(WORD_NETWORK).toFile(), false);
        ObjectNode meta = Json.MAPPER.createObjectNode();
        meta.put("version", version);
        meta.put("created_at", System.currentTimeMillis());
        ObjectNode feature = meta.putObject("features");
        feature.put("kind", model.featurizer().words() ? "hashed-char-trigrams+words (two towers, probabilities averaged)" : "hashed-char-trigrams");
        feature.put("words", model.featurizer().words());
        feature.put("text", "subject + body (routing headers excluded)");
        feature.put("buckets", model.featurizer().buckets());
        feature.put("hash", "fmix64(c0<<32 | c1<<16 | c2 ^ seed) mod buckets, seed " + TrigramFeaturizer.SEED);
        if (model.featurizer().words()) feature.put("word_hash", "fmix64(fnv1a64(word) ^ seed) mod buckets (a space of its own), seed " + TrigramFeaturizer.WORD_SEED);
        feature.put("tf", "1 + ln(tf)");
        feature.put("idf", "ln((1 + N)/(1 + df)) + 1");
        feature.put("norm", "l2");
        var idf = feature.putArray("idf_values");
        for (float v : model.trigrams().idf()) idf.add(v);
        if (model.words() != null) {
            var wordIdf = feature.putArray("word_idf_values");
            for (float v : model.words().idf()) wordIdf.add(v);
        }
        ObjectNode net = meta.putObject("network");
        net.put("hidden", cfg.hidden());
        net.put("activation", "softsign");
        net.put("retain_probability", cfg.retainProbability());
        net.put("l2", cfg.l2());
        net.put("learning_rate", cfg.learningRate());
        net.put("epochs", cfg.epochs());
        net.put("seed", cfg.seed());
        meta.put("threshold", model.threshold());
        meta.put("threshold_selection", "best F1 over " + cfg.thresholdFolds() + "-fold out-of-fold scores of the training mails");
        meta.set("metrics", Json.MAPPER.valueToTree(metrics));
        meta.put("data_sha256", dataHash);
        Json.MAPPER.writerWithDefaultPrettyPrinter().writeValue(dir.resolve(META).toFile(), meta);
        return dir;
    }

    /**
     * Loads the artefact at {@code location}: a local directory, or the URI of one (http(s):, file:, or a scheme of a
     * Flink file system plugin such as s3:), whose files are copied into a temporary directory first.
     */
    public static Loaded load(String location) {
        return RemoteFiles.loadDirectory(location, "spam model", List.of(META, NETWORK), List.of(WORD_NETWORK), SpamModelArtefact::load);
    }

    /** Loads a model directory; a missing or corrupt artefact is a clear error naming the file. */
    public static Loaded load(Path dir) {
        Path metaFile = dir.resolve(META);
        Path netFile = dir.resolve(NETWORK);
        JsonNode meta = TabularArtefact.readMeta(dir, "spam model");
        JsonNode features = meta.path("features");
        JsonNode idfNode = features.path("idf_values");
        int buckets = features.path("buckets").asInt(-1);
        if (buckets < 16 || idfNode.size() != buckets || !meta.hasNonNull("threshold") || !meta.hasNonNull("version")) {
            throw new IllegalArgumentException("corrupt spam model metadata " + metaFile + ": missing version, threshold or IDF of " + buckets + " buckets");
        }
        boolean words = features.path("words").asBoolean(false); // artefacts before the word option are trigram-only
        JsonNode wordIdfNode = features.path("word_idf_values");
        Path wordNetFile = dir.resolve(WORD_NETWORK);
        if (words && (wordIdfNode.size() != buckets || !Files.isRegularFile(wordNetFile))) {
            throw new IllegalArgumentException("spam model " + dir + " hashes words but lacks " + WORD_NETWORK + " or the word IDF of " + buckets + " buckets");
        }
        SpamTrainer.Tower trigrams = new SpamTrainer.Tower(network(netFile, buckets), TabularArtefact.floats(idfNode));
        SpamTrainer.Tower wordTower = words ? new SpamTrainer.Tower(network(wordNetFile, buckets), TabularArtefact.floats(wordIdfNode)) : null;
        return new Loaded(meta.get("version").asText(),
                new SpamTrainer.Trained(new TrigramFeaturizer(buckets, words), trigrams, wordTower, meta.get("threshold").asDouble()), meta);
    }

    private static MultiLayerNetwork network(Path file, int buckets) {
        return Nd4jNetworks.restore(file, "spam model", buckets, "buckets");
    }
}
