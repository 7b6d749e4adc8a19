package com.streamlens.operators.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import com.streamlens.operators.rollout.RolloutMachine.Change;
import com.streamlens.state.records.ModelRef;
import com.streamlens.state.records.ModelRelease;
import com.streamlens.state.records.ModelRollout;
import com.streamlens.state.records.RolloutPlan;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every transition of a rollout, on the plain state machine. */
class RolloutMachineTest {
    static final String SHA = "a".repeat(64);
    RolloutMachine m;
    long now = 1_000_000;
    long issued = 1;

    static RolloutPlan plan() {
        RolloutPlan p = new RolloutPlan();
        p.minEvents = 100;
        p.minDwellSeconds = 10;
        p.failuresToHalt = 2;
        p.loadTimeoutSeconds = 60;
        return p;
    }

    ModelRelease release(String version, String control) {
        ModelRelease r = new ModelRelease();
        r.name = "spam";
        r.model = ModelRef.of(version, "file:///models/" + version, SHA, java.util.Map.of("meta.json", SHA));
        r.plan = plan();
        r.control = control;
        r.issuedAt = issued++;
        r.issuedBy = "ops@host";
        return r;
    }

    /** Evidence of {@code n} events, both models scoring alike; {@code candidatePositives} of them positive for the candidate (serving: half). */
    static RolloutObservation stats(long epoch, String version, int n, int candidatePositives) {
        RolloutObservation o = RolloutObservation.of("spam", RolloutObservation.STATS, 0, 2, epoch, version);
        o.serving = new long[ScoreHistogram.BINS];
        o.candidate = new long[ScoreHistogram.BINS];
        o.serving[10] = n / 2;
        o.serving[90] = n - n / 2;
        o.candidate[10] = n / 2;
        o.candidate[90] = n - n / 2;
        o.servingPositives = n - n / 2;
        o.candidatePositives = candidatePositives;
        return o;
    }

    ModelRollout r() {
        return m.rollout();
    }

    @BeforeEach
    void servingV1() {
        ModelRollout r = new ModelRollout();
        r.name = "spam";
        m = new RolloutMachine(r, null);
        assertThat(m.onServing("v1", "/models/v1", now)).isEqualTo(Change.STATE);
        assertThat(m.onServing("v1", "/models/v1", now)).as("the same, again").isEqualTo(Change.NONE);
    }

    @Test
    void aRestartWithAnotherModelReplacesTheLearntOneButNotARolloutsOutcome() {
        assertThat(m.onServing("v0", "/elsewhere", now)).as("the job restarted with --model v0").isEqualTo(Change.STATE);
        assertThat(r().serving.version).isEqualTo("v0");
        assertThat(m.onRelease(release("v2", ModelRelease.PUBLISH), now)).isEqualTo(Change.STATE);
        m.onRelease(release("v2", ModelRelease.PROMOTE), now);
        m.onReady(0, 1, r().epoch, "v2", now);
        assertThat(r().serving.version).isEqualTo("v2");
        assertThat(m.onServing("v0", "/elsewhere", now)).as("a rollout's outcome outranks the job's --model").isEqualTo(Change.NONE);
        assertThat(r().serving.version).isEqualTo("v2");
    }

    /** Publishes v2 and reports it ready on both subtasks: rolling at 5%. */
    void rollingV2() {
        assertThat(m.onRelease(release("v2", ModelRelease.PUBLISH), now)).isEqualTo(Change.STATE);
        assertThat(r().state).isEqualTo(ModelRollout.LOADING);
        assertThat(r().stagePercent).isZero();
        long epoch = r().epoch;
        assertThat(m.onReady(0, 2, epoch, "v2", now)).as("one of two subtasks").isEqualTo(Change.FIGURES);
        assertThat(m.onReady(0, 2, epoch, "v2", now)).as("the same one again").isEqualTo(Change.FIGURES);
        assertThat(r().state).isEqualTo(ModelRollout.LOADING);
        assertThat(m.onReady(1, 2, epoch, "v2", now)).isEqualTo(Change.STATE);
        assertThat(r().state).isEqualTo(ModelRollout.ROLLING);
        assertThat(r().stagePercent).isEqualTo(5);
        assertThat(r().epoch).isEqualTo(epoch + 1);
    }

    @Test
    void aGoodCandidateWalksEveryStageAndThenServes() {
        rollingV2();
        for (int stage : List.of(5, 30, 50, 100)) {
            assertThat(r().stagePercent).isEqualTo(stage);
            long epoch = r().epoch;
            assertThat(m.onStats(stats(epoch, "v2", 60, 30), now + 1_000)).as("too few events: hold").isEqualTo(Change.FIGURES);
            assertThat(r().events).isEqualTo(60);
            assertThat(m.onStats(stats(epoch, "v2", 60, 30), now + 2_000)).as("enough events, too short a dwell: hold").isEqualTo(Change.FIGURES);
            assertThat(r().stagePercent).isEqualTo(stage);
            now += 11_000;
            assertThat(m.onStats(stats(epoch - 1, "v2", 1_000, 1_000), now)).as("another window's evidence").isEqualTo(Change.NONE);
            assertThat(m.onStats(stats(epoch, "v2", 10, 5), now)).isEqualTo(Change.STATE);
            assertThat(r().reason).contains("gate passed");
        }
        assertThat(r().state).isEqualTo(ModelRollout.COMPLETE);
        assertThat(r().serving.version).isEqualTo("v2");
        assertThat(r().candidateActive()).isFalse();
        assertThat(m.onRelease(release("v2", ModelRelease.PUBLISH), now)).isEqualTo(Change.STATE);
        assertThat(r().reason).contains("ignored: it is serving");
    }

    @Test
    void aBrokenCandidateFailsItsGatesAndHaltsAtZero() {
        rollingV2();
        long epoch = r().epoch;
        now += 11_000;
        assertThat(m.onStats(stats(epoch, "v2", 200, 200), now)).isEqualTo(Change.STATE);
        assertThat(r().state).isEqualTo(ModelRollout.ROLLING);
        assertThat(r().stagePercent).as("one failure: a new window at the same stage").isEqualTo(5);
        assertThat(r().failures).isEqualTo(1);
        assertThat(r().epoch).isEqualTo(epoch + 1);
        assertThat(r().events).as("a fresh window").isZero();
        now += 11_000;
        assertThat(m.onStats(stats(r().epoch, "v2", 200, 200), now)).isEqualTo(Change.STATE);
        assertThat(r().state).isEqualTo(ModelRollout.HALTED);
        assertThat(r().stagePercent).isZero();
        assertThat(r().serving.version).isEqualTo("v1");
        assertThat(r().reason).contains("halted at 5% after 2 failed gates").contains("positive rate 1.0000");
        assertThat(m.onStats(stats(r().epoch, "v2", 200, 100), now)).as("halted: no more gates").isEqualTo(Change.NONE);
        // Published again, the same version starts over.
        assertThat(m.onRelease(release("v2", ModelRelease.PUBLISH), now)).isEqualTo(Change.STATE);
        assertThat(r().state).isEqualTo(ModelRollout.LOADING);
        assertThat(r().failures).isZero();
    }

    @Test
    void aPassBetweenFailuresResetsTheCount() {
        rollingV2();
        now += 11_000;
        m.onStats(stats(r().epoch, "v2", 200, 200), now);
        now += 11_000;
        m.onStats(stats(r().epoch, "v2", 200, 100), now);
        assertThat(r().stagePercent).isEqualTo(30);
        assertThat(r().failures).isZero();
    }

    @Test
    void aRejectedOrLateCandidateNeverServes() {
        m.onRelease(release("v2", ModelRelease.PUBLISH), now);
        assertThat(m.onRejected(1, 2, "v9", "other version", now)).isEqualTo(Change.NONE);
        assertThat(m.onRejected(1, 2, "v2", "network.zip has sha256 …", now)).isEqualTo(Change.STATE);
        assertThat(r().state).isEqualTo(ModelRollout.REJECTED);
        assertThat(r().reason).contains("rejected by scoring subtask 1 of 2: network.zip has sha256").contains("v1 keeps serving");
        assertThat(m.onReady(0, 2, r().epoch, "v2", now)).isEqualTo(Change.NONE);

        m.onRelease(release("v3", ModelRelease.PUBLISH), now);
        m.onReady(0, 2, r().epoch, "v3", now);
        assertThat(m.onLoadTimeout(now + 59_000)).isEqualTo(Change.NONE);
        assertThat(m.onLoadTimeout(now + 60_000)).isEqualTo(Change.STATE);
        assertThat(r().state).isEqualTo(ModelRollout.REJECTED);
        assertThat(r().reason).contains("only 1 of 2 scoring subtasks loaded it within 60 s");
    }

    @Test
    void operatorsPauseResumeAbortAndPromote() {
        rollingV2();
        long epoch = r().epoch;
        assertThat(m.onRelease(release("v2", ModelRelease.PAUSE), now)).isEqualTo(Change.STATE);
        assertThat(r().state).isEqualTo(ModelRollout.PAUSED);
        assertThat(r().candidateActive()).as("the slice keeps the candidate").isTrue();
        now += 60_000;
        assertThat(m.onStats(stats(epoch, "v2", 500, 250), now)).as("paused: figures, no gate").isEqualTo(Change.FIGURES);
        assertThat(r().stagePercent).isEqualTo(5);
        assertThat(m.onRelease(release("v2", ModelRelease.RESUME), now)).isEqualTo(Change.STATE);
        assertThat(r().state).isEqualTo(ModelRollout.ROLLING);
        assertThat(m.onStats(stats(epoch, "v2", 10, 5), now)).as("the window's evidence counts after resume").isEqualTo(Change.STATE);
        assertThat(r().stagePercent).isEqualTo(30);

        ModelRelease stale = release("v2", ModelRelease.ABORT);
        assertThat(m.onRelease(release("v2", ModelRelease.PROMOTE), now)).isEqualTo(Change.STATE);
        assertThat(r().state).isEqualTo(ModelRollout.COMPLETE);
        assertThat(r().serving.version).isEqualTo("v2");
        assertThat(m.onRelease(stale, now)).as("issued before the promote").isEqualTo(Change.NONE);

        m.onRelease(release("v3", ModelRelease.PUBLISH), now);
        assertThat(m.onRelease(release("v4", ModelRelease.ABORT), now)).isEqualTo(Change.STATE);
        assertThat(r().reason).contains("abort of v4 ignored: it is not the active candidate");
        assertThat(r().state).isEqualTo(ModelRollout.LOADING);
        assertThat(m.onRelease(release("v3", ModelRelease.ABORT), now)).isEqualTo(Change.STATE);
        assertThat(r().state).isEqualTo(ModelRollout.ABORTED);
        assertThat(r().stagePercent).isZero();
        assertThat(r().serving.version).isEqualTo("v2");
    }

    @Test
    void aPromoteOrPauseIssuedWhileLoadingActsOnceLoaded() {
        m.onRelease(release("v2", ModelRelease.PUBLISH), now);
        m.onRelease(release("v2", ModelRelease.PROMOTE), now);
        assertThat(r().state).isEqualTo(ModelRollout.LOADING);
        m.onReady(0, 1, r().epoch, "v2", now);
        assertThat(r().state).isEqualTo(ModelRollout.COMPLETE);
        assertThat(r().serving.version).isEqualTo("v2");

        m.onRelease(release("v3", ModelRelease.PUBLISH), now);
        m.onRelease(release("v3", ModelRelease.PAUSE), now);
        m.onReady(0, 1, r().epoch, "v3", now);
        assertThat(r().state).isEqualTo(ModelRollout.PAUSED);
        assertThat(r().stagePercent).isEqualTo(5);
    }

    @Test
    void aNewVersionSupersedesTheRollingOne() {
        rollingV2();
        assertThat(m.onRelease(release("v3", ModelRelease.PUBLISH), now)).isEqualTo(Change.STATE);
        assertThat(r().state).isEqualTo(ModelRollout.LOADING);
        assertThat(r().candidate.version).isEqualTo("v3");
        assertThat(r().stagePercent).isZero();
        assertThat(r().reason).contains("supersedes v2 at 5%");
    }

    @Test
    void itsOwnNewerHistoryIsAdoptedAndOlderIgnored() {
        rollingV2();
        ModelRollout history = new ModelRollout();
        history.name = "spam";
        history.seq = r().seq + 10;
        history.epoch = 40;
        history.state = ModelRollout.ROLLING;
        history.stagePercent = 50;
        history.serving = r().serving;
        history.candidate = r().candidate;
        history.plan = plan();
        history.controlIssuedAt = 99;
        assertThat(m.adopt(history)).isTrue();
        assertThat(r().stagePercent).isEqualTo(50);
        assertThat(r().epoch).isEqualTo(40);
        ModelRollout older = new ModelRollout();
        older.seq = 1;
        assertThat(m.adopt(older)).isFalse();
        assertThat(r().stagePercent).isEqualTo(50);
        issued = 50;
        assertThat(m.onRelease(release("v2", ModelRelease.ABORT), now)).as("issued before what the history acted on").isEqualTo(Change.NONE);
    }
}
