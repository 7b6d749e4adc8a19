package com.streamlens.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.streamlens.operators.mail.spam.LabeledMail;
import com.streamlens.operators.mail.spam.NearDuplicates;
import com.streamlens.operators.mail.spam.SpamCorpus;
import com.streamlens.operators.mail.spam.SpamModelArtefact;
import com.streamlens.operators.mail.spam.SpamSplits;
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

/** The train-spam command: its protocol's splits, progress, the RESULT line and the artefact. */
class TrainSpamTest {

    @Test
    void theHeadlineIsTheUntouchedSplitAndTheDevSpreadComesFromTheCrossValidationFolds(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("mails.jsonl");
        List<String> lines = new ArrayList<>();
        List<LabeledMail> corpus = SpamTrainerTest.corpus(300, 5);
        for (LabeledMail m : corpus) lines.add(Json.toString(Map.of("text", m.text(), "label", m.spam() ? "spam" : "ham")));
        lines.add(Json.toString(Map.of("text", corpus.get(0).text(), "label", "spam"))); // an exact copy: removed
        Files.write(data, lines);

        List<String> out = run("--data", data.toString(), "--out", dir.resolve("models").toString(), "--buckets", "1024",
                "--hidden", "16", "--epochs", "3", "--batch", "16", "--threshold-folds", "5", "--seed", "5");

        assertThat(out).anyMatch(l -> l.startsWith("301 messages, 300 after de-duplication (1 exact and 0 near copies removed"))
                .anyMatch(l -> l.startsWith("fold 5/5 trigrams epoch  3/3"))
                .noneMatch(l -> l.contains("old→new")); // the time-like split is SpamAssassin's only
        String last = out.get(out.size() - 1);
        assertThat(last).startsWith("RESULT ");
        JsonNode result = Json.MAPPER.readTree(last.substring("RESULT ".length()));

        long untouched = NearDuplicates.collapse(SpamCorpus.readJsonl(data), NearDuplicates.DEFAULT_JACCARD).kept().stream()
                .filter(SpamSplits::untouched).count(); // the split of the letters as read
        JsonNode test = Json.MAPPER.readTree(out.stream().filter(l -> l.startsWith("untouched test: ")).findFirst().orElseThrow()
                .substring("untouched test: ".length()));
        assertThat(result.get("n_test").asLong()).isEqualTo(untouched).isEqualTo(test.get("n_test").asLong());
        assertThat(result.get("n_dev").asLong()).isEqualTo(300 - untouched);
        assertThat(result.get("f1").asDouble()).as("headline = untouched split").isEqualTo(test.get("f1").asDouble());
        assertThat(result.get("exact_duplicates_removed").asInt()).isEqualTo(1);
        assertThat(result.get("near_duplicates_removed").asInt()).isZero();
        assertThat(result.get("label_conflicts_dropped").asInt()).isZero();

        List<JsonNode> folds = new ArrayList<>();
        for (String l : out) if (l.startsWith("dev fold ")) folds.add(Json.MAPPER.readTree(l.substring(l.indexOf('{'))));
        assertThat(folds).hasSize(5);
        assertThat(result.get("dev_folds").asInt()).isEqualTo(5);
        double mean = folds.stream().mapToDouble(f -> f.get("f1").asDouble()).average().orElseThrow();
        double ss = folds.stream().mapToDouble(f -> Math.pow(f.get("f1").asDouble() - mean, 2)).sum();
        assertThat(result.get("dev_f1_mean").asDouble()).isCloseTo(mean, within(2e-5));
        assertThat(result.get("dev_f1_sd").asDouble()).isCloseTo(Math.sqrt(ss / 4), within(2e-5));
        assertThat(result.has("dev_auc_mean") && result.has("dev_recall_at_fpr_0_1pct_sd") && result.has("baseline_f1")).isTrue();
        assertThat(result.get("dev_f1_mean").asDouble()).isGreaterThan(0.9); // the generated corpus separates
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
        assertThat(full).anyMatch(l -> l.startsWith("== old→new split: train the development letters of [easy-ham-1, spam-1]"));
        List<LabeledMail> read = NearDuplicates.collapse(SpamCorpus.readSpamAssassin(corpus), NearDuplicates.DEFAULT_JACCARD).kept();
        long newUntouched = read.stream().filter(m -> SpamSplits.untouched(m) && !SpamSplits.OLD_GROUPS.contains(m.group())).count();
        assertThat(newUntouched).isPositive().isLessThan(read.stream().filter(m -> !SpamSplits.OLD_GROUPS.contains(m.group())).count());
        assertThat(Json.MAPPER.readTree(full.get(full.size() - 1).substring("RESULT ".length())).get("old_new_n_test").asLong())
                .as("tested on the later folders' untouched letters only").isEqualTo(newUntouched);
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

    @Test
    void feedbackLettersJoinTheTrainingLettersWeightedAndNeverATestSplit(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("mails.jsonl");
        List<String> lines = new ArrayList<>();
        for (LabeledMail m : SpamTrainerTest.corpus(150, 6)) lines.add(Json.toString(Map.of("text", m.text(), "label", m.spam() ? "spam" : "ham")));
        Files.write(data, lines);
        Path feedback = dir.resolve("feedback.jsonl");
        Files.write(feedback, List.of(
                Json.toString(Map.of("mail_id", "f1", "label", "spam", "subject", "notes", "body", "the notes are at https://docs-x.net/a")),
                Json.toString(Map.of("mail_id", "f2", "label", "spam", "subject", "files", "body", "the files are at https://docs-y.net/b")),
                Json.toString(Map.of("mail_id", "f3", "action", "unsubscribe", "subject", "news", "body", "weekly news"))));
        String[] small = {"--data", data.toString(), "--buckets", "512", "--hidden", "8", "--epochs", "2", "--batch", "16",
                "--threshold-folds", "2", "--seed", "6", "--out", dir.resolve("models").toString()};
        JsonNode without = result(run(small));
        JsonNode with = result(run(concat(small, "--feedback", feedback.toString(), "--feedback-weight", "4")));
        assertThat(with.get("feedback_letters").asInt()).as("the unsubscribe is no training letter").isEqualTo(2);
        assertThat(with.get("feedback_weight").asInt()).isEqualTo(4);
        assertThat(with.get("n_dev").asInt()).isEqualTo(without.get("n_dev").asInt() + 8);
        assertThat(with.get("n_test").asInt()).isEqualTo(without.get("n_test").asInt());
    }

    private static JsonNode result(List<String> out) throws Exception {
        String last = out.get(out.size() - 1);
        assertThat(last).startsWith("RESULT ");
        return Json.MAPPER.readTree(last.substring("RESULT ".length()));
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
