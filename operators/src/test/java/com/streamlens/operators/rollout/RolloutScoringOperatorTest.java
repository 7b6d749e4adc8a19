package com.streamlens.operators.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import com.streamlens.operators.mail.MailboxInput;
import com.streamlens.operators.mail.ScoreMails;
import com.streamlens.operators.mail.spam.SpamModelArtefact;
import com.streamlens.operators.mail.spam.SpamModelKind;
import com.streamlens.operators.mail.spam.SpamScorer;
import com.streamlens.operators.mail.spam.SpamTrainer;
import com.streamlens.operators.mail.spam.SpamTrainerTest;
import com.streamlens.state.events.MailEvent;
import com.streamlens.state.events.MailType;
import com.streamlens.state.records.MailVerdict;
import com.streamlens.state.records.ModelRef;
import com.streamlens.state.records.ModelRollout;
import com.streamlens.state.records.RolloutPlan;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.TwoInputStreamOperatorTestHarness;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The scoring side of a rollout on real spam models: background loading, the slice, shadow evidence, rejection, restore. */
class RolloutScoringOperatorTest {
    @TempDir
    static Path dir;
    static Path v1;
    static Path v2;
    static ModelRef v1Ref;
    static ModelRef v2Ref;

    @BeforeAll
    static void trainTwoVersions() throws Exception {
        SpamTrainer.Config a = new SpamTrainer.Config(512, false, 8, 0.8, 1e-5, 5e-3, 4, 16, 2, 7);
        SpamTrainer.Config b = new SpamTrainer.Config(512, false, 8, 0.8, 1e-5, 5e-3, 4, 16, 2, 8);
        v1 = SpamModelArtefact.save(dir, "v1", SpamTrainer.train(SpamTrainerTest.corpus(200, 3), a, line -> { }), Map.of(), "sha", a);
        v2 = SpamModelArtefact.save(dir, "v2", SpamTrainer.train(SpamTrainerTest.corpus(200, 4), b, line -> { }), Map.of(), "sha", b);
        v1Ref = ModelRef.of("v1", v1.toString(), null, null);
        v2Ref = ArtefactDigest.ref("v2", v2, v2.toUri().toString()); // by URI: fetched into a temporary directory and verified there
    }

    static RolloutScoringOperator<MailEvent, SpamModelKind.Score, MailboxInput> operator() {
        return new RolloutScoringOperator<>(new SpamModelKind(SpamScorer.Pass.SPARSE), v1.toString(), new ScoreMails(), 64, 20, 1_000);
    }

    static ModelRollout rollout(long seq, long epoch, String state, int stage, ModelRef candidate) {
        ModelRollout r = new ModelRollout();
        r.name = SpamModelKind.NAME;
        r.seq = seq;
        r.epoch = epoch;
        r.state = state;
        r.stagePercent = stage;
        r.serving = v1Ref;
        r.candidate = candidate;
        r.plan = new RolloutPlan();
        return r;
    }

    static MailEvent mail(int i) {
        MailEvent m = new MailEvent();
        m.type = MailType.MAIL_RECEIVED;
        m.mailId = "m" + i;
        m.userId = "user-" + i;
        m.eventId = "e" + i;
        m.subject = "msg " + i;
        m.body = SpamTrainerTest.corpus(3, i).get(i % 3).text();
        return m;
    }

    /** Advances processing time a second at a time (report timers fire) until an observation of {@code kind} arrives. */
    static List<RolloutObservation> awaitObservation(TwoInputStreamOperatorTestHarness<MailEvent, ModelRollout, MailboxInput> h, String kind) throws Exception {
        long deadline = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < deadline) {
            h.setProcessingTime(h.getProcessingTime() + 1_000);
            List<RolloutObservation> seen = observations(h);
            if (seen.stream().anyMatch(o -> o.kind.equals(kind))) return seen;
            Thread.sleep(50);
        }
        throw new AssertionError("no " + kind + " observation within a minute; saw " + observations(h).stream().map(o -> o.kind).toList());
    }

    static List<RolloutObservation> observations(TwoInputStreamOperatorTestHarness<MailEvent, ModelRollout, MailboxInput> h) {
        var side = h.getSideOutput(RolloutScoringOperator.OBSERVATIONS);
        return side == null ? List.of() : side.stream().map(StreamRecord::getValue).toList();
    }

    static Map<String, String> versionByUser(List<MailboxInput> out) {
        Map<String, String> m = new HashMap<>();
        for (MailboxInput in : out) m.put(in.verdict.userId, in.verdict.modelVersion);
        return m;
    }

    @Test
    void aCandidateLoadsInTheBackgroundThenDecidesForItsSliceWithShadowEvidence() throws Exception {
        try (var h = new TwoInputStreamOperatorTestHarness<>(operator())) {
            h.open();
            h.processElement2(rollout(1, 1, ModelRollout.LOADING, 0, v2Ref), 0);
            // Scoring goes on while the candidate loads: these mails are all v1's.
            for (int i = 0; i < 10; i++) h.processElement1(mail(i), i);
            h.prepareSnapshotPreBarrier(1);
            assertThat(h.extractOutputValues()).hasSize(10).allSatisfy(in -> assertThat(in.verdict.modelVersion).isEqualTo("v1"));

            List<RolloutObservation> seen = awaitObservation(h, RolloutObservation.READY);
            assertThat(seen.get(0).kind).isEqualTo(RolloutObservation.SERVING);
            assertThat(seen.get(0).version).isEqualTo("v1");
            RolloutObservation ready = seen.stream().filter(o -> o.kind.equals(RolloutObservation.READY)).findFirst().orElseThrow();
            assertThat(ready.version).isEqualTo("v2");
            assertThat(ready.epoch).isEqualTo(1);
            assertThat(ready.parallelism).isEqualTo(1);

            h.processElement2(rollout(2, 2, ModelRollout.ROLLING, 30, v2Ref), 0);
            int before = h.extractOutputValues().size();
            for (int i = 0; i < 300; i++) h.processElement1(mail(i), i);
            h.prepareSnapshotPreBarrier(2);
            List<MailboxInput> out = h.extractOutputValues().subList(before, before + 300);
            Map<String, String> versions = versionByUser(out);
            int slice = 0;
            for (int i = 0; i < 300; i++) {
                boolean in = UserSlices.inSlice(SpamModelKind.NAME, "user-" + i, 30);
                if (in) slice++;
                assertThat(versions.get("user-" + i)).as("user-%d, in the 30%% slice: %s", i, in).isEqualTo(in ? "v2" : "v1");
            }
            assertThat(slice).isBetween(60, 120);
            int inSlice = slice;

            int already = observations(h).size();
            h.setProcessingTime(h.getProcessingTime() + 1_000);
            List<RolloutObservation> stats = observations(h).subList(already, observations(h).size()).stream()
                    .filter(o -> o.kind.equals(RolloutObservation.STATS)).toList();
            assertThat(stats).singleElement().satisfies(o -> {
                assertThat(o.epoch).isEqualTo(2);
                assertThat(o.version).isEqualTo("v2");
                assertThat(ScoreHistogram.total(o.candidate)).isEqualTo(inSlice);
                assertThat(ScoreHistogram.total(o.serving)).isEqualTo(inSlice);
                long spamInSlice = out.stream().filter(in -> in.verdict.modelVersion.equals("v2") && MailVerdict.SPAM.equals(in.verdict.verdict)).count();
                assertThat(o.candidatePositives).isEqualTo(spamInSlice);
            });
        }
    }

    @Test
    void aCorruptCandidateIsRejectedWithTheReasonAndTheServingModelGoesOn() throws Exception {
        Map<String, String> files = new HashMap<>(v2Ref.files);
        files.put("network.zip", "0".repeat(64));
        ModelRef corrupt = ModelRef.of("v2", v2Ref.uri, ArtefactDigest.manifest(files), files);
        try (var h = new TwoInputStreamOperatorTestHarness<>(operator())) {
            h.open();
            h.processElement2(rollout(1, 1, ModelRollout.LOADING, 0, corrupt), 0);
            List<RolloutObservation> seen = awaitObservation(h, RolloutObservation.REJECTED);
            RolloutObservation rejected = seen.stream().filter(o -> o.kind.equals(RolloutObservation.REJECTED)).findFirst().orElseThrow();
            assertThat(rejected.reason).contains("network.zip has sha256").contains("corrupt or replaced");
            // The judge would halt now; even told "rolling at 100%", this subtask holds no candidate and keeps v1.
            h.processElement2(rollout(2, 2, ModelRollout.ROLLING, 100, corrupt), 0);
            for (int i = 0; i < 20; i++) h.processElement1(mail(i), i);
            h.prepareSnapshotPreBarrier(1);
            assertThat(h.extractOutputValues()).hasSize(20).allSatisfy(in -> assertThat(in.verdict.modelVersion).isEqualTo("v1"));
        }
        // A model that is not a model: right digests of wrong bytes.
        Path broken = Files.createDirectories(dir.resolve("broken"));
        Files.copy(v2.resolve("meta.json"), broken.resolve("meta.json"));
        Files.writeString(broken.resolve("network.zip"), "not a zip");
        try (var h = new TwoInputStreamOperatorTestHarness<>(operator())) {
            h.open();
            h.processElement2(rollout(1, 1, ModelRollout.LOADING, 0, ArtefactDigest.ref("v2", broken, broken.toString())), 0);
            RolloutObservation rejected = awaitObservation(h, RolloutObservation.REJECTED).stream()
                    .filter(o -> o.kind.equals(RolloutObservation.REJECTED)).findFirst().orElseThrow();
            assertThat(rejected.reason).contains("network.zip");
        }
    }

    @Test
    void aRestoredSubtaskHoldsItsCandidateBeforeScoringAndSwapsWhenTheRolloutCompletes() throws Exception {
        OperatorSubtaskState snapshot;
        try (var h = new TwoInputStreamOperatorTestHarness<>(operator())) {
            h.open();
            h.processElement2(rollout(1, 1, ModelRollout.LOADING, 0, v2Ref), 0);
            awaitObservation(h, RolloutObservation.READY);
            h.processElement2(rollout(2, 2, ModelRollout.ROLLING, 50, v2Ref), 0);
            snapshot = h.snapshot(1, h.getProcessingTime());
        }
        try (var h = new TwoInputStreamOperatorTestHarness<>(operator())) {
            h.initializeState(snapshot);
            h.open();
            for (int i = 0; i < 100; i++) h.processElement1(mail(i), i);
            h.prepareSnapshotPreBarrier(2);
            Map<String, String> versions = versionByUser(h.extractOutputValues());
            for (int i = 0; i < 100; i++) {
                assertThat(versions.get("user-" + i)).isEqualTo(UserSlices.inSlice(SpamModelKind.NAME, "user-" + i, 50) ? "v2" : "v1");
            }
            ModelRollout complete = rollout(3, 3, ModelRollout.COMPLETE, 100, v2Ref);
            complete.serving = v2Ref;
            h.processElement2(complete, 0);
            h.processElement2(rollout(2, 2, ModelRollout.ROLLING, 5, v2Ref), 0); // an older record, replayed: ignored
            List<MailboxInput> before = new ArrayList<>(h.extractOutputValues());
            for (int i = 0; i < 50; i++) h.processElement1(mail(i), i);
            h.prepareSnapshotPreBarrier(3);
            assertThat(h.extractOutputValues().subList(before.size(), before.size() + 50))
                    .allSatisfy(in -> assertThat(in.verdict.modelVersion).isEqualTo("v2"));
            h.setProcessingTime(h.getProcessingTime() + 1_000);
            assertThat(observations(h)).filteredOn(o -> o.kind.equals(RolloutObservation.SERVING)).extracting(o -> o.version).contains("v2");
        }
    }
}
