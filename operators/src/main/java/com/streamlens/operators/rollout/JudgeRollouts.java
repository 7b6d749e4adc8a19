package com.streamlens.operators.rollout;

import com.streamlens.state.records.ModelRelease;
import com.streamlens.state.records.ModelRollout;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The judge of each model's rollout, keyed by model name: runs the {@link RolloutMachine} on the operators' releases
 * and controls, the scorers' observations and its own records read back from {@code model-rollouts} (adopted only when
 * newer than its state: a start without a checkpoint). Every change of state is published at once; the gate's
 * running figures at most every {@code figuresIntervalMs}. State per model: the rollout record, the gate window and the
 * latest release; a handful of keys that live as long as the model's name is in use.
 */
public class JudgeRollouts extends KeyedProcessFunction<String, RolloutInput, ModelRollout> {
    private static final Logger LOG = LoggerFactory.getLogger(JudgeRollouts.class);

    /**
     * A rollout adopted from history, for Redis only: {@code model:{name}} may be gone (a new Redis) while the topic
     * still holds the rollout; a new record on the topic instead would race the history still being read back.
     */
    public static final OutputTag<ModelRollout> ADOPTED = new OutputTag<>("adopted-rollouts", TypeInformation.of(ModelRollout.class));

    private final long figuresIntervalMs;
    private transient ValueState<ModelRollout> rollout;
    private transient ValueState<GateWindow> window;
    private transient ValueState<ModelRelease> latestRelease;
    /** The latest record per model, for the gauges. */
    private transient Map<String, ModelRollout> published;

    public JudgeRollouts(long figuresIntervalMs) {
        this.figuresIntervalMs = figuresIntervalMs;
    }

    @Override
    public void open(OpenContext ctx) {
        rollout = getRuntimeContext().getState(new ValueStateDescriptor<>("rollout", TypeInformation.of(ModelRollout.class)));
        window = getRuntimeContext().getState(new ValueStateDescriptor<>("gate-window", TypeInformation.of(GateWindow.class)));
        latestRelease = getRuntimeContext().getState(new ValueStateDescriptor<>("latest-release", TypeInformation.of(ModelRelease.class)));
        published = new HashMap<>();
    }

    @Override
    public void processElement(RolloutInput in, Context ctx, Collector<ModelRollout> out) throws Exception {
        long now = ctx.timerService().currentProcessingTime();
        ModelRollout r = rollout.value();
        if (r == null) {
            r = new ModelRollout();
            r.name = ctx.getCurrentKey();
        }
        RolloutMachine m = new RolloutMachine(r, window.value());
        RolloutMachine.Change change = RolloutMachine.Change.NONE;
        if (in.release != null) {
            latestRelease.update(in.release);
            change = m.onRelease(in.release, now);
        } else if (in.history != null) {
            if (m.adopt(in.history)) {
                LOG.info("{} rollout adopted from model-rollouts (seq {}, {} at {}%)", r.name, r.seq, r.state, r.stagePercent);
                ctx.output(ADOPTED, r);
                watch(r);
                ModelRelease latest = latestRelease.value();
                if (latest != null) change = m.onRelease(latest, now); // a control issued while the job was down
            }
        } else {
            RolloutObservation o = in.observation;
            change = switch (o.kind) {
                case RolloutObservation.SERVING -> m.onServing(o.version, o.uri, now);
                case RolloutObservation.READY -> m.onReady(o.subtask, o.parallelism, o.epoch, o.version, now);
                case RolloutObservation.REJECTED -> m.onRejected(o.subtask, o.parallelism, o.version, o.reason, now);
                case RolloutObservation.STATS -> m.onStats(o, now);
                default -> RolloutMachine.Change.NONE;
            };
        }
        if (change == RolloutMachine.Change.STATE && ModelRollout.LOADING.equals(r.state)) {
            ctx.timerService().registerProcessingTimeTimer(now + r.plan.loadTimeoutSeconds * 1000 + 1);
        }
        boolean figuresDue = change == RolloutMachine.Change.FIGURES && now - r.updatedAt >= figuresIntervalMs;
        if (change == RolloutMachine.Change.STATE || figuresDue) {
            if (figuresDue) r.updatedAt = now;
            publish(r, change == RolloutMachine.Change.STATE, out);
        }
        rollout.update(r);
        window.update(m.window());
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<ModelRollout> out) throws Exception {
        ModelRollout r = rollout.value();
        if (r == null) return;
        RolloutMachine m = new RolloutMachine(r, window.value());
        if (m.onLoadTimeout(timestamp) == RolloutMachine.Change.STATE) {
            publish(r, true, out);
            rollout.update(r);
            window.update(m.window());
        }
    }

    private void publish(ModelRollout r, boolean stateChanged, Collector<ModelRollout> out) {
        r.seq++;
        if (stateChanged) {
            LOG.info("{} rollout: {} at {}% (serving {}, candidate {}): {}", r.name, r.state, r.stagePercent,
                    r.serving == null ? "?" : r.serving.version, r.candidate == null ? "none" : r.candidate.version, r.reason);
        }
        watch(r);
        out.collect(r);
    }

    /** The record the gauges show for its model, registering them on the model's first record. */
    private void watch(ModelRollout r) {
        if (!published.containsKey(r.name)) gauges(r.name);
        published.put(r.name, r);
    }

    private void gauges(String name) {
        MetricGroup g = getRuntimeContext().getMetricGroup().addGroup("model", name);
        g.gauge("stagePercent", () -> published.get(name).stagePercent);
        g.gauge("state", () -> published.get(name).state);
        g.gauge("servingVersion", () -> published.get(name).serving == null ? "" : published.get(name).serving.version);
        g.gauge("candidateVersion", () -> published.get(name).candidate == null ? "" : published.get(name).candidate.version);
        g.gauge("failures", () -> published.get(name).failures);
        g.gauge("gateEvents", () -> published.get(name).events);
        g.gauge("jsDivergence", () -> published.get(name).js);
        g.gauge("psi", () -> published.get(name).psi);
        g.gauge("positiveRateServing", () -> published.get(name).positiveRateServing);
        g.gauge("positiveRateCandidate", () -> published.get(name).positiveRateCandidate);
        g.gauge("mannWhitneyP", () -> published.get(name).mannWhitneyP);
    }
}
