package com.streamlens.operators.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import com.streamlens.state.records.ModelRef;
import com.streamlens.state.records.ModelRelease;
import com.streamlens.state.records.ModelRollout;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/** The judge on Flink's keyed harness: its records, its timers, and its state across a restore. */
class JudgeRolloutsTest {
    static KeyedOneInputStreamOperatorTestHarness<String, RolloutInput, ModelRollout> harness() throws Exception {
        return new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(new JudgeRollouts(5_000)), RolloutInput::name, Types.STRING);
    }

    static ModelRelease release(String version, long issuedAt) {
        ModelRelease r = new ModelRelease();
        r.name = "spam";
        r.model = ModelRef.of(version, "file:///m/" + version, "b".repeat(64), Map.of("meta.json", "b".repeat(64)));
        r.plan = RolloutMachineTest.plan();
        r.control = ModelRelease.PUBLISH;
        r.issuedAt = issuedAt;
        return r;
    }

    static RolloutObservation ready(long epoch, String version) {
        return RolloutObservation.of("spam", RolloutObservation.READY, 0, 1, epoch, version);
    }

    static List<ModelRollout> out(KeyedOneInputStreamOperatorTestHarness<String, RolloutInput, ModelRollout> h) {
        return h.extractOutputValues();
    }

    @Test
    void publishesEveryStateChangeWithRisingSeqTimesOutLoadingAndSurvivesARestore() throws Exception {
        OperatorSubtaskState snapshot;
        long rollingEpoch;
        try (var h = harness()) {
            h.open();
            h.setProcessingTime(1_000);
            h.processElement(RolloutInput.of(servingObservation()), 1);
            h.processElement(RolloutInput.of(release("v2", 10)), 1);
            assertThat(h.numProcessingTimeTimers()).as("the load timeout").isEqualTo(1);
            ModelRollout loading = out(h).get(out(h).size() - 1);
            assertThat(loading.state).isEqualTo(ModelRollout.LOADING);
            assertThat(loading.serving.version).isEqualTo("v1");
            h.processElement(RolloutInput.of(ready(loading.epoch, "v2")), 1);
            ModelRollout rolling = out(h).get(out(h).size() - 1);
            assertThat(rolling.state).isEqualTo(ModelRollout.ROLLING);
            assertThat(rolling.stagePercent).isEqualTo(5);
            rollingEpoch = rolling.epoch;
            assertThat(out(h)).extracting(r -> r.seq).containsExactly(1L, 2L, 3L);
            h.setProcessingTime(70_000);
            assertThat(out(h)).as("the timeout finds the rollout past loading").hasSize(3);
            snapshot = h.snapshot(1, 70_000);
        }
        try (var h = harness()) {
            h.initializeState(snapshot);
            h.open();
            h.setProcessingTime(80_000);
            RolloutObservation stats = RolloutMachineTest.stats(rollingEpoch, "v2", 500, 250);
            h.processElement(RolloutInput.of(stats), 1);
            assertThat(out(h)).singleElement().satisfies(r -> {
                assertThat(r.seq).as("seq goes on from the restored state").isEqualTo(4);
                assertThat(r.stagePercent).isEqualTo(30);
                assertThat(r.reason).contains("stage 5% → 30%");
            });
            // A new version that never loads everywhere is rejected by the timer.
            h.processElement(RolloutInput.of(release("v3", 20)), 1);
            h.setProcessingTime(80_000 + 60_001);
            ModelRollout last = out(h).get(out(h).size() - 1);
            assertThat(last.state).isEqualTo(ModelRollout.REJECTED);
            assertThat(last.reason).contains("within 60 s");
        }
    }

    @Test
    void aJudgeWithoutStateAdoptsItsNewerHistoryAndThenTheControlsIssuedSince() throws Exception {
        try (var h = harness()) {
            h.open();
            ModelRollout history = new ModelRollout();
            history.name = "spam";
            history.seq = 7;
            history.epoch = 5;
            history.state = ModelRollout.ROLLING;
            history.stagePercent = 30;
            history.serving = ModelRef.of("v1", "/m/v1", null, null);
            history.candidate = release("v2", 10).model;
            history.plan = RolloutMachineTest.plan();
            history.control = ModelRelease.PUBLISH;
            history.controlIssuedAt = 10;
            ModelRelease abort = release("v2", 11);
            abort.control = ModelRelease.ABORT;
            h.processElement(RolloutInput.of(abort), 1); // read before the history: judged against no state
            h.processElement(RolloutInput.of(history), 1);
            assertThat(h.getSideOutput(JudgeRollouts.ADOPTED)).as("the adopted rollout, for Redis").singleElement()
                    .satisfies(a -> assertThat(a.getValue().stagePercent).isEqualTo(30));
            ModelRollout last = out(h).get(out(h).size() - 1);
            assertThat(last.state).as("the abort, applied again to the adopted rollout").isEqualTo(ModelRollout.ABORTED);
            assertThat(last.seq).isEqualTo(8);
            assertThat(last.reason).contains("aborted");
        }
    }

    static RolloutObservation servingObservation() {
        RolloutObservation o = RolloutObservation.of("spam", RolloutObservation.SERVING, 0, 1, 0, "v1");
        o.uri = "/m/v1";
        return o;
    }
}
