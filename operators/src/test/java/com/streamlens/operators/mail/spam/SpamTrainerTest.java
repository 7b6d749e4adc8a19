package com.streamlens.operators.mail.spam;

import com.streamlens.operators.stats.BinaryMetrics;
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

    @Test
    void theCrossValidationScoresEveryLetterOnceWithTheIdfOfItsTrainingFoldsOnly() {
        SpamTrainer.Config cfg = new SpamTrainer.Config(1024, false, 16, 0.8, 1e-5, 5e-3, 3, 16, 4, 7);
        List<LabeledMail> mails = corpus(200, 6);
        CrossValidation cv = SpamTrainer.trainEvaluated(mails, cfg, line -> {}).crossValidation();
        assertThat(cv.folds()).isEqualTo(4);
        assertThat(cv.scores()).hasSize(200);
        assertThat(java.util.Arrays.stream(cv.scores())).allSatisfy(p -> assertThat(p).isBetween(0.0, 1.0));
        int[] perFold = new int[4];
        for (int f : cv.fold()) perFold[f]++;
        assertThat(perFold).containsExactly(50, 50, 50, 50);
        assertThat(cv.labels()).containsExactly(SpamTrainer.labels(shuffledLikeTheTrainer(mails, 7)));

        // A word only the held-out letters use must look unseen to the fold's IDF: document frequencies come from the fit letters.
        TrigramFeaturizer featurizer = new TrigramFeaturizer(1024, true);
        List<TrigramFeaturizer.Features> counts = List.of(featurizer.counts("common words here"), featurizer.counts("common words again"),
                featurizer.counts("zyxwvu only held out"));
        SpamTrainer.Vectors v = SpamTrainer.Vectors.of(featurizer, counts, List.of(0, 1));
        int heldOnly = featurizer.wordBucket("zyxwvu".toCharArray(), 0, 6);
        int common = featurizer.wordBucket("common".toCharArray(), 0, 6);
        assertThat(v.wordIdf()[heldOnly]).isEqualTo((float) (Math.log(3.0 / 1.0) + 1)); // ln((1 + N)/(1 + 0)) + 1 with N = 2 fit letters
        assertThat(v.wordIdf()[common]).isEqualTo(1f); // in both fit letters: ln(3/3) + 1
        assertThat(v.words()).hasSize(3).as("every letter is vectorised, the held ones with the fit letters' IDF");
    }

    private static List<LabeledMail> shuffledLikeTheTrainer(List<LabeledMail> mails, long seed) {
        List<LabeledMail> shuffled = new ArrayList<>(mails);
        java.util.Collections.shuffle(shuffled, new Random(seed));
        return shuffled;
    }

    @Test
    void aNonFiniteTrainingLossStopsTrainingNamingTheNetworkAndEpoch() {
        // A learning rate this large overflows the float weights, then the loss, on the first epoch.
        SpamTrainer.Config cfg = new SpamTrainer.Config(1024, false, 16, 0.8, 1e-5, 1e30, 3, 16, 2, 7);
        assertThatThrownBy(() -> SpamTrainer.train(corpus(60, 1), cfg, line -> {}))
                .isInstanceOf(com.streamlens.operators.io.BadInput.class)
                .hasMessageStartingWith("fold 1/2 epoch 1: the training loss is ")
                .hasMessageMatching("(?s).*loss is (NaN|Infinity|-Infinity);.*");
    }
}
