package com.streamlens.operators.mail.spam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.streamlens.operators.mail.ScoreMails;
import com.streamlens.state.events.MailEvent;
import com.streamlens.state.events.MailType;
import com.streamlens.state.records.MailVerdict;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.flink.streaming.util.TwoInputStreamOperatorTestHarness;
import com.streamlens.operators.rollout.RolloutScoringOperator;
import com.streamlens.operators.mail.MailboxInput;
import com.streamlens.operators.mail.category.CategoriseMails;
import com.streamlens.operators.mail.category.CategoryModelKind;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SpamScorerTest {
    @TempDir
    static Path dir;
    static SpamTrainer.Trained model;
    static Path artefact;

    @BeforeAll
    static void train() throws Exception {
        // Words on, as the default model: the scorer's sparse path then sees trigram and word buckets.
        SpamTrainer.Config cfg = new SpamTrainer.Config(1024, true, 16, 0.8, 1e-5, 5e-3, 5, 16, 3, 7);
        model = SpamTrainer.train(SpamTrainerTest.corpus(300, 3), cfg, line -> { });
        artefact = SpamModelArtefact.save(dir, "v-test", model, Map.of(), "sha", cfg);
    }

    @Test
    void theSparseFirstLayerGivesTheDenseNetworksProbabilities() {
        List<String> texts = SpamTrainerTest.corpus(100, 9).stream().map(LabeledMail::text).toList();
        double[] sparse = new SpamScorer(model, SpamScorer.Pass.SPARSE).score(texts);
        assertThat(sparse).containsExactly(new SpamScorer(model, SpamScorer.Pass.DENSE).score(texts), Offset.offset(1e-5));
        assertThat(sparse).containsExactly(model.score(texts), Offset.offset(1e-5));
    }

    @Test
    void theSparsePassScoresFromManyThreadsAsFromOne() throws Exception {
        SpamScorer scorer = new SpamScorer(model, SpamScorer.Pass.SPARSE);
        List<List<String>> batches = List.of(
                SpamTrainerTest.corpus(64, 11).stream().map(LabeledMail::text).toList(),
                SpamTrainerTest.corpus(64, 12).stream().map(LabeledMail::text).toList(),
                SpamTrainerTest.corpus(64, 13).stream().map(LabeledMail::text).toList(),
                SpamTrainerTest.corpus(64, 14).stream().map(LabeledMail::text).toList());
        List<double[]> alone = batches.stream().map(scorer::score).toList();
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> same = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int first = t;
                same.add(threads.submit(() -> {
                    boolean ok = true;
                    for (int round = 0; round < 50; round++) {
                        int b = (first + round) % batches.size();
                        ok &= Arrays.equals(scorer.score(batches.get(b)), alone.get(b));
                    }
                    return ok;
                }));
            }
            for (Future<Boolean> f : same) assertThat(f.get()).isTrue();
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void subtasksShareOneSparseScorerPerModelUntilTheLastLeaseCloses() {
        String location = artefact.toString();
        int before = SharedSpamScorers.sharedCount();
        SharedSpamScorers.Lease a = SharedSpamScorers.lease(location, SpamScorer.Pass.SPARSE);
        SharedSpamScorers.Lease b = SharedSpamScorers.lease(location, SpamScorer.Pass.SPARSE);
        assertThat(b.scorer()).isSameAs(a.scorer());
        assertThat(b.version()).isEqualTo("v-test");
        assertThat(SharedSpamScorers.sharedCount()).isEqualTo(before + 1);
        a.close();
        a.close(); // twice counts once
        assertThat(SharedSpamScorers.lease(location, SpamScorer.Pass.SPARSE)).satisfies(c -> {
            assertThat(c.scorer()).isSameAs(b.scorer());
            c.close();
        });
        b.close();
        assertThat(SharedSpamScorers.sharedCount()).isEqualTo(before);
        try (SharedSpamScorers.Lease fresh = SharedSpamScorers.lease(location, SpamScorer.Pass.SPARSE)) {
            assertThat(fresh.scorer()).as("loaded again after the last release").isNotSameAs(b.scorer());
        }
        try (SharedSpamScorers.Lease d1 = SharedSpamScorers.lease(location, SpamScorer.Pass.DENSE);
             SharedSpamScorers.Lease d2 = SharedSpamScorers.lease(location, SpamScorer.Pass.DENSE)) {
            assertThat(d2.scorer()).as("dense networks are not thread-safe").isNotSameAs(d1.scorer());
        }
        assertThat(SharedSpamScorers.sharedCount()).isEqualTo(before);
    }

    /** The job's scoring operator on the spam model at {@code model} (no rollout in flight), with categories when given. */
    static RolloutScoringOperator<MailEvent, SpamModelKind.Score, MailboxInput> scoring(String model, SpamScorer.Pass pass) {
        return new RolloutScoringOperator<>(new SpamModelKind(pass), model, new ScoreMails(), 256, 20, 1_000);
    }

    static MailEvent mail(String id, String subject, String body) {
        MailEvent m = new MailEvent();
        m.type = MailType.MAIL_RECEIVED;
        m.mailId = id;
        m.userId = "u1";
        m.eventId = "e-" + id;
        m.subject = subject;
        m.body = body;
        return m;
    }

    @ParameterizedTest
    @EnumSource(SpamScorer.Pass.class)
    void scoresMailsInMicroBatchesWithTheArtefactsVersionAndThreshold(SpamScorer.Pass pass) throws Exception {
        List<MailEvent> mails = List.of(
                mail("s", "claim your prize", "cheap pills winner claim prize casino free offer winner prize"),
                mail("h", "project meeting", "agenda for the project meeting and the team review of the draft report"));
        try (var h = new TwoInputStreamOperatorTestHarness<>(scoring(artefact.toString(), pass))) {
            h.open();
            h.processElement1(mails.get(0), 1);
            h.processElement1(mails.get(1), 2);
            h.endInput1();
            List<MailVerdict> out = h.extractOutputValues().stream().map(in -> in.verdict).toList();
            assertThat(out).extracting(v -> v.mailId + ":" + v.verdict).containsExactly("s:spam", "h:ham");
            assertThat(out).allSatisfy(v -> assertThat(v.decidedBy).isEqualTo(MailVerdict.BY_MODEL));
            assertThat(out).extracting(v -> v.folder).containsExactly(MailVerdict.SPAM_FOLDER, MailVerdict.INBOX);
            assertThat(out).allSatisfy(v -> assertThat(v.modelVersion).isEqualTo("v-test"));
            assertThat(out.get(0).spamProbability).isGreaterThan(out.get(1).spamProbability);
            // Either pass gives the model's own probabilities.
            double[] reference = model.score(mails.stream().map(m -> MailText.of(m.subject, m.body)).toList());
            assertThat(out.stream().mapToDouble(v -> v.spamProbability).toArray()).containsExactly(reference, Offset.offset(1e-5));
        }
    }

    @Test
    void categorisesOnlyTheMailsTheSpamModelPassed() throws Exception {
        var categories = com.streamlens.operators.mail.category.CategoryTrainer.train(
                com.streamlens.operators.mail.category.CategoryModelTest.corpus(20, 4), com.streamlens.operators.mail.category.CategoryModelTest.CLASSES,
                com.streamlens.operators.mail.category.CategoryModelTest.SMALL, line -> { });
        Path categoryArtefact = com.streamlens.operators.mail.category.CategoryModelArtefact.save(dir, "c-test", categories,
                com.streamlens.operators.mail.category.CategoryModelTest.SMALL, Map.of(), "sha", "test");
        MailEvent ham = mail("h", "project meeting", "agenda for the project meeting and the team review of the draft report");
        ham.from = "no-reply@mail.store1.example";
        ham.headers = Map.of("auto-submitted", "auto-generated");
        List<MailEvent> mails = List.of(mail("s", "claim your prize", "cheap pills winner claim prize casino free offer winner prize"), ham);
        List<MailboxInput> scored;
        try (var spam = new TwoInputStreamOperatorTestHarness<>(scoring(artefact.toString(), SpamScorer.Pass.SPARSE))) {
            spam.open();
            spam.processElement1(mails.get(0), 1);
            spam.processElement1(mails.get(1), 2);
            spam.endInput1();
            scored = spam.extractOutputValues();
        }
        try (var h = new TwoInputStreamOperatorTestHarness<>(new RolloutScoringOperator<>(new CategoryModelKind(), categoryArtefact.toString(),
                new CategoriseMails(), 256, 20, 1_000))) {
            h.open();
            h.processElement1(scored.get(0), 1);
            h.processElement1(scored.get(1), 2);
            h.endInput1();
            List<MailVerdict> out = h.extractOutputValues().stream().map(in -> in.verdict).toList();
            assertThat(out.get(0).verdict).isEqualTo("spam");
            assertThat(out.get(0).category).as("spam is not categorised").isNull();
            assertThat(out.get(1).verdict).isEqualTo("ham");
            assertThat(out.get(1).category).isIn(com.streamlens.operators.mail.category.CategoryModelTest.CLASSES);
            assertThat(out.get(1).categoryProbability).isGreaterThan(1.0 / 3);
            assertThat(out.get(1).categoryModelVersion).isEqualTo("c-test");
            assertThat(out.get(1).from).isEqualTo("no-reply@mail.store1.example");
        }
    }

    @Test
    void aMissingModelIsAClearStartUpError() {
        var op = scoring(dir.resolve("nope").toString(), SpamScorer.Pass.SPARSE);
        assertThatThrownBy(() -> {
            try (var h = new TwoInputStreamOperatorTestHarness<>(op)) {
                h.open();
            }
        }).hasMessageContaining("must hold meta.json and network.zip");
    }
}
