package com.streamlens.operators.mail.spam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A small training run on a generated corpus must separate it, and the artefact must round-trip. */
public class SpamTrainerTest {
    static final String[] SPAM_WORDS = {"cheap", "pills", "winner", "claim", "prize", "viagra", "casino", "unsubscribe", "offer", "free"};
    static final String[] HAM_WORDS = {"meeting", "agenda", "project", "report", "lunch", "schedule", "review", "invoice", "team", "draft"};
    static final String[] COMMON = {"the", "and", "you", "please", "today", "for", "with", "this", "will", "our"};

    public static List<LabeledMail> corpus(int n, long seed) {
        Random r = new Random(seed);
        List<LabeledMail> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            boolean spam = i % 3 == 0;
            StringBuilder sb = new StringBuilder();
            for (int w = 0; w < 25; w++) {
                String[] pool = r.nextDouble() < 0.3 ? (spam ? SPAM_WORDS : HAM_WORDS) : COMMON;
                sb.append(pool[r.nextInt(pool.length)]).append(' ');
            }
            out.add(new LabeledMail(MailText.of("msg " + i, sb.toString()), spam, "gen"));
        }
        return out;
    }

    @ParameterizedTest(name = "words={0}")
    @ValueSource(booleans = {false, true})
    void separatesAGeneratedCorpusAndTheArtefactRoundTrips(boolean words, @TempDir Path dir) throws Exception {
        SpamTrainer.Config cfg = new SpamTrainer.Config(1024, words, 16, 0.8, 1e-5, 5e-3, 5, 16, 3, 7);
        List<String> progress = new java.util.ArrayList<>();
        SpamTrainer.Trained model = SpamTrainer.train(corpus(400, 1), cfg, progress::add);
        List<LabeledMail> test = corpus(150, 2);
        List<String> texts = test.stream().map(LabeledMail::text).toList();
        double[] scores = model.score(texts);
        double auc = BinaryMetrics.auc(scores, SpamTrainer.labels(test));
        assertThat(auc).isGreaterThan(0.98);
        // Three folds pick the threshold from out-of-fold scores, then the final networks train on everything; with
        // words every fold and the final model train a trigram tower and a word tower.
        if (words) {
            assertThat(progress).anyMatch(l -> l.startsWith("fold 3/3 trigrams epoch  5/5")).anyMatch(l -> l.startsWith("fold 3/3 words epoch  5/5"))
                    .anyMatch(l -> l.startsWith("final trigrams epoch  5/5")).anyMatch(l -> l.startsWith("final words epoch  5/5"));
            assertThat(model.words()).isNotNull();
        } else {
            assertThat(progress).anyMatch(l -> l.startsWith("fold 3/3 epoch  5/5")).anyMatch(l -> l.startsWith("final epoch  5/5"))
                    .noneMatch(l -> l.contains("words"));
            assertThat(model.words()).isNull();
        }
        assertThat(progress).anyMatch(l -> l.startsWith("decision threshold"));
        assertThat(BinaryMetrics.atThreshold(scores, SpamTrainer.labels(test), model.threshold()).get("f1")).isGreaterThan(0.9);

        Path saved = SpamModelArtefact.save(dir, "test-1", model, Map.of("auc", auc), "sha", cfg);
        SpamModelArtefact.Loaded loaded = SpamModelArtefact.load(saved);
        assertThat(loaded.version()).isEqualTo("test-1");
        assertThat(loaded.model().threshold()).isEqualTo(model.threshold());
        assertThat(loaded.model().featurizer().words()).isEqualTo(words);
        assertThat(loaded.model().score(texts)).containsExactly(scores, org.assertj.core.data.Offset.offset(1e-6));
        if (words) {
            // Without its word tower the artefact is refused at load, not scored with half a model.
            Files.delete(saved.resolve(SpamModelArtefact.WORD_NETWORK));
            assertThatThrownBy(() -> SpamModelArtefact.load(saved)).hasMessageContaining("hashes words but lacks word-network.zip");
        } else {
            Files.writeString(saved.resolve(SpamModelArtefact.NETWORK), "not a zip");
            assertThatThrownBy(() -> SpamModelArtefact.load(saved)).hasMessageContaining("corrupt spam model network");
        }
    }

    @Test
    void theTwoTowersTrainOnTheirOwnThreadsInTurnAndTheResultDependsOnlyOnTheSeed() {
        SpamTrainer.Config cfg = new SpamTrainer.Config(1024, true, 16, 0.8, 1e-5, 5e-3, 3, 16, 3, 7);
        List<LabeledMail> mails = corpus(300, 3);
        List<String> texts = corpus(60, 4).stream().map(LabeledMail::text).toList();
        List<String> epochs = new ArrayList<>();
        SpamTrainer.Trained a = SpamTrainer.train(mails, cfg, line -> {
            if (line.contains(" epoch ")) epochs.add(line.substring(0, line.indexOf(" epoch ")) + " @" + Thread.currentThread().getName());
        });
        // One network at a time (overlapping ND4J work crashed natively), each tower on its own thread (its own RNG stream).
        List<String> expected = new ArrayList<>();
        for (String network : List.of("fold 1/3", "fold 2/3", "fold 3/3", "final")) {
            for (int e = 0; e < 3; e++) expected.add(network + " trigrams @spam-trigram-tower");
            for (int e = 0; e < 3; e++) expected.add(network + " words @spam-word-tower");
        }
        assertThat(epochs).containsExactlyElementsOf(expected);
        SpamTrainer.Trained b = SpamTrainer.train(mails, cfg, line -> {});
        assertThat(b.threshold()).isEqualTo(a.threshold());
        assertThat(b.score(texts)).containsExactly(a.score(texts));
        SpamTrainer.Trained other = SpamTrainer.train(mails, new SpamTrainer.Config(1024, true, 16, 0.8, 1e-5, 5e-3, 3, 16, 3, 8), line -> {});
        assertThat(other.score(texts)).as("another seed trains other networks").isNotEqualTo(a.score(texts));
    }

    @Test
    void aMissingOrCorruptArtefactIsAClearError(@TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> SpamModelArtefact.load(dir)).hasMessageContaining("must hold meta.json and network.zip");
        Files.writeString(dir.resolve(SpamModelArtefact.META), "{\"version\":\"x\"");
        Files.writeString(dir.resolve(SpamModelArtefact.NETWORK), "not a zip");
        assertThatThrownBy(() -> SpamModelArtefact.load(dir)).hasMessageContaining("corrupt spam model metadata");
    }
}
