package com.streamlens.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.streamlens.operators.mail.spam.LabeledMail;
import com.streamlens.operators.mail.spam.SpamModelArtefact;
import com.streamlens.operators.mail.spam.SpamTrainerTest;
import com.streamlens.state.serde.Json;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The train-spam command on a JSONL corpus: progress, the RESULT line, the artefact, and the spread over repeated splits. */
class TrainSpamTest {

    @Test
    void repeatedSplitsReportTheirSpreadAndTheArtefactIsTheFirstSplitsModel(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("mails.jsonl");
        List<String> lines = new ArrayList<>();
        for (LabeledMail m : SpamTrainerTest.corpus(300, 5)) {
            lines.add(Json.toString(Map.of("text", m.text(), "label", m.spam() ? "spam" : "ham")));
        }
        Files.write(data, lines);

        List<String> out = run("--data", data.toString(), "--out", dir.resolve("models").toString(), "--buckets", "1024",
                "--hidden", "16", "--epochs", "3", "--batch", "16", "--threshold-folds", "3", "--seed", "5", "--repeats", "3");

        assertThat(out).anyMatch(l -> l.startsWith("== random 80/20 split 1/3 (seed 5)"))
                .anyMatch(l -> l.startsWith("== random 80/20 split 3/3 (seed 7)"))
                .anyMatch(l -> l.startsWith("fold 3/3 trigrams epoch  3/3"))
                .noneMatch(l -> l.contains("old→new")); // the time-like split is SpamAssassin's only
        String last = out.get(out.size() - 1);
        assertThat(last).startsWith("RESULT ");
        JsonNode result = Json.MAPPER.readTree(last.substring("RESULT ".length()));

        List<JsonNode> tests = new ArrayList<>();
        for (String l : out) if (l.startsWith("test: ")) tests.add(Json.MAPPER.readTree(l.substring("test: ".length())));
        assertThat(tests).hasSize(3);
        double mean = tests.stream().mapToDouble(t -> t.get("f1").asDouble()).average().orElseThrow();
        double min = tests.stream().mapToDouble(t -> t.get("f1").asDouble()).min().orElseThrow();
        double ss = tests.stream().mapToDouble(t -> Math.pow(t.get("f1").asDouble() - mean, 2)).sum();
        assertThat(result.get("repeats").asInt()).isEqualTo(3);
        assertThat(result.get("f1").asDouble()).as("headline = first split").isEqualTo(tests.get(0).get("f1").asDouble());
        assertThat(result.get("f1_mean").asDouble()).isCloseTo(mean, within(1e-5));
        assertThat(result.get("f1_sd").asDouble()).isCloseTo(Math.sqrt(ss / 2), within(1e-5));
        assertThat(result.get("f1_min").asDouble()).isEqualTo(min);
        assertThat(result.has("auc_mean") && result.has("recall_at_fpr_0_1pct_sd") && result.has("baseline_f1_mean")).isTrue();
        assertThat(result.get("f1_mean").asDouble()).isGreaterThan(0.9); // the generated corpus separates
        assertThat(result.has("old_new_auc")).isFalse();

        SpamModelArtefact.Loaded loaded = SpamModelArtefact.load(Path.of(result.get("model").asText()));
        assertThat(loaded.model().threshold()).isEqualTo(result.get("threshold").asDouble());
    }

    @Test
    void theOldNewSplitRunsOnSpamAssassinFoldersUnlessSwitchedOff(@TempDir Path dir) throws Exception {
        Path corpus = dir.resolve("data");
        List<LabeledMail> mails = SpamTrainerTest.corpus(240, 9);
        for (int i = 0; i < mails.size(); i++) { // the package's layout: GROUP/NNNN.txt, raw RFC 822
            LabeledMail m = mails.get(i);
            Path group = corpus.resolve((m.spam() ? "spam-" : "easy-ham-") + (i < 120 ? 1 : 2));
            Files.createDirectories(group);
            Files.writeString(group.resolve(i + ".txt"), "Subject: letter " + i + "\n\n" + m.text() + "\n");
        }
        String[] small = {"--corpus", corpus.toString(), "--buckets", "1024",
                "--hidden", "16", "--epochs", "3", "--batch", "16", "--threshold-folds", "2", "--seed", "3"};

        List<String> full = run(concat(small, "--out", dir.resolve("full").toString()));
        assertThat(full).anyMatch(l -> l.startsWith("== old→new split"));
        assertThat(Json.MAPPER.readTree(full.get(full.size() - 1).substring("RESULT ".length())).has("old_new_auc")).isTrue();

        List<String> quick = run(concat(small, "--out", dir.resolve("quick").toString(), "--old-new", "false"));
        assertThat(quick).noneMatch(l -> l.contains("old→new"));
        JsonNode result = Json.MAPPER.readTree(quick.get(quick.size() - 1).substring("RESULT ".length()));
        assertThat(result.has("old_new_auc")).isFalse();
        assertThat(result.has("f1") && Files.isDirectory(Path.of(result.get("model").asText()))).as("still evaluated and written").isTrue();
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static List<String> run(String... args) throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buffer, true, StandardCharsets.UTF_8));
        try {
            TrainSpam.main(args);
        } finally {
            System.setOut(original);
        }
        return buffer.toString(StandardCharsets.UTF_8).lines().toList();
    }
}
