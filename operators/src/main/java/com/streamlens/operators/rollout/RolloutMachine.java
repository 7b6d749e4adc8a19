package com.streamlens.operators.rollout;

import com.streamlens.state.records.ModelRef;
import com.streamlens.state.records.ModelRelease;
import com.streamlens.state.records.ModelRollout;
import com.streamlens.state.records.RolloutPlan;
import java.util.List;

/**
 * The rollout of one model as a state machine over its {@link ModelRollout} record and the current gate window, both
 * mutated in place (the judge keeps them in keyed state):
 *
 * <pre>
 * serving ─publish─► loading ─all subtasks ready─► rolling (stage 1) ─gate passes─► … ─passes at 100%─► complete
 *                       │                             │  ▲ gate fails < N in a row: new window, same stage
 *                       └─any subtask rejects─► rejected   ├─ N in a row ─► halted (0%)
 *                                                          ├─ pause ⇄ resume (paused: no gate, stage holds)
 *                                                          ├─ abort ─► aborted (0%)
 *                                                          └─ promote ─► complete
 * </pre>
 *
 * A pause or promote issued while loading takes effect when the candidate is ready. Each method says what changed:
 * nothing, only the window's figures, or the rollout's state (which the judge publishes at once).
 */
public final class RolloutMachine {
    public enum Change { NONE, FIGURES, STATE }

    private final ModelRollout r;
    private GateWindow window;

    public RolloutMachine(ModelRollout rollout, GateWindow window) {
        this.r = rollout;
        this.window = window == null ? new GateWindow() : window;
    }

    public ModelRollout rollout() {
        return r;
    }

    public GateWindow window() {
        return window;
    }

    /** Acts once on each control issued on {@code models}, in issue order; older ones are ignored. */
    public Change onRelease(ModelRelease rel, long now) {
        if (rel.issuedAt <= r.controlIssuedAt) return Change.NONE;
        r.controlIssuedAt = rel.issuedAt;
        String v = rel.model.version;
        String by = rel.issuedBy == null ? "an operator" : rel.issuedBy;
        boolean isCandidate = r.candidate != null && v.equals(r.candidate.version);
        switch (rel.control) {
            case ModelRelease.PUBLISH -> {
                if (r.candidateActive() && isCandidate) return note("publish of " + v + " ignored: it is already the candidate (" + r.state + ")", now);
                if (!r.candidateActive() && r.serving != null && v.equals(r.serving.version)) return note("publish of " + v + " ignored: it is serving", now);
                String superseded = r.candidateActive() ? "; supersedes " + r.candidate.version + " at " + r.stagePercent + "%" : "";
                r.candidate = rel.model;
                r.plan = rel.plan == null ? new RolloutPlan() : rel.plan;
                r.control = ModelRelease.PUBLISH;
                r.readySubtasks.clear();
                r.failures = 0;
                return enter(ModelRollout.LOADING, 0, v + " published by " + by + "; loading and checking it on every scoring subtask" + superseded, now);
            }
            case ModelRelease.PAUSE, ModelRelease.RESUME, ModelRelease.ABORT, ModelRelease.PROMOTE -> {
                if (!r.candidateActive() || !isCandidate) return note(rel.control + " of " + v + " ignored: it is not the active candidate", now);
                return control(rel.control, by, now);
            }
            default -> throw new IllegalArgumentException("unknown control " + rel.control); // the parser lets none through
        }
    }

    private Change control(String control, String by, long now) {
        r.control = control;
        switch (control) {
            case ModelRelease.ABORT -> {
                return enter(ModelRollout.ABORTED, 0, "aborted by " + by + " at " + r.stagePercent + "%; everyone is back on " + servingVersion(), now);
            }
            case ModelRelease.PAUSE -> {
                if (ModelRollout.LOADING.equals(r.state)) return note("pause by " + by + " noted: the rollout pauses at its first stage once loaded", now);
                if (ModelRollout.PAUSED.equals(r.state)) return Change.NONE;
                r.state = ModelRollout.PAUSED;
                return stamp("paused by " + by + " at " + r.stagePercent + "%", now);
            }
            case ModelRelease.RESUME -> {
                if (!ModelRollout.PAUSED.equals(r.state)) return note("resume by " + by + " noted: not paused", now);
                r.state = ModelRollout.ROLLING;
                return stamp("resumed by " + by + " at " + r.stagePercent + "%", now);
            }
            case ModelRelease.PROMOTE -> {
                if (ModelRollout.LOADING.equals(r.state)) return note("promote by " + by + " noted: the candidate serves everyone once loaded", now);
                return complete("promoted by " + by + " at " + r.stagePercent + "%", now);
            }
            default -> throw new IllegalArgumentException("unknown control " + control);
        }
    }

    /** The judge's own earlier record, read back after a start without state: adopted when newer than what it holds. */
    public boolean adopt(ModelRollout history) {
        if (history.seq <= r.seq) return false;
        r.seq = history.seq;
        r.epoch = history.epoch;
        r.state = history.state;
        r.stagePercent = history.stagePercent;
        r.serving = history.serving;
        r.candidate = history.candidate;
        r.plan = history.plan;
        r.failures = history.failures;
        r.reason = history.reason;
        r.control = history.control;
        r.controlIssuedAt = history.controlIssuedAt;
        r.readySubtasks = history.readySubtasks;
        r.subtasks = history.subtasks;
        r.stageStartedAt = history.stageStartedAt;
        r.updatedAt = history.updatedAt;
        window = new GateWindow(); // a new window: the evidence since then was not checkpointed with the record
        return true;
    }

    /**
     * A scorer serves {@code version} from {@code uri}, the job's own model: learnt when the judge knows no serving model,
     * or knows only the job's earlier one (a restart with another {@code --model}). A rollout's outcome (a serving
     * model with digests) is not replaced this way.
     */
    public Change onServing(String version, String uri, long now) {
        if (r.serving != null && (r.serving.files != null || version.equals(r.serving.version))) return Change.NONE;
        r.serving = ModelRef.of(version, uri, null, null);
        return stamp("serving " + version + (r.candidateActive() ? "; " + r.reason : ""), now);
    }

    /** A subtask holds the candidate, checked; when all of them do, the first stage begins. */
    public Change onReady(int subtask, int parallelism, long epoch, String version, long now) {
        if (!ModelRollout.LOADING.equals(r.state) || epoch != r.epoch || !version.equals(r.candidate.version)) return Change.NONE;
        r.subtasks = parallelism;
        if (!r.readySubtasks.contains(subtask)) r.readySubtasks.add(subtask);
        if (r.readySubtasks.size() < parallelism) return Change.FIGURES;
        String loaded = version + " loaded and canary-checked on all " + parallelism + " scoring subtasks";
        return switch (r.control == null ? ModelRelease.PUBLISH : r.control) {
            case ModelRelease.PROMOTE -> complete(loaded + "; promoted as ordered", now);
            case ModelRelease.PAUSE -> {
                enter(ModelRollout.PAUSED, firstStage(), loaded + "; paused at the first stage as ordered", now);
                yield Change.STATE;
            }
            default -> enter(ModelRollout.ROLLING, firstStage(), loaded + "; stage " + firstStage() + "%", now);
        };
    }

    /** A subtask could not fetch, verify, load or canary-score the candidate: the rollout is over, the serving model stays. */
    public Change onRejected(int subtask, int parallelism, String version, String reason, long now) {
        if (!ModelRollout.LOADING.equals(r.state) || !version.equals(r.candidate.version)) return Change.NONE;
        return enter(ModelRollout.REJECTED, 0, version + " rejected by scoring subtask " + subtask + " of " + parallelism + ": " + reason
                + "; " + servingVersion() + " keeps serving", now);
    }

    /** Loading took longer than the plan allows. */
    public Change onLoadTimeout(long now) {
        if (!ModelRollout.LOADING.equals(r.state) || now - r.stageStartedAt < plan().loadTimeoutSeconds * 1000) return Change.NONE;
        return enter(ModelRollout.REJECTED, 0, r.candidate.version + " rejected: only " + r.readySubtasks.size() + " of "
                + (r.subtasks == 0 ? "the" : r.subtasks) + " scoring subtasks loaded it within " + plan().loadTimeoutSeconds + " s", now);
    }

    /** A subtask's evidence for the current window; while rolling, the gate is judged on the sum so far. */
    public Change onStats(RolloutObservation o, long now) {
        if (!(ModelRollout.ROLLING.equals(r.state) || ModelRollout.PAUSED.equals(r.state)) || o.epoch != r.epoch
                || !o.version.equals(r.candidate.version)) {
            return Change.NONE;
        }
        window.add(o);
        RolloutGate.Verdict v = RolloutGate.judge(window.evidence(), now - r.stageStartedAt, plan());
        figures(v.figures());
        if (ModelRollout.PAUSED.equals(r.state)) return Change.FIGURES;
        switch (v.outcome()) {
            case INCONCLUSIVE -> {
                return Change.FIGURES;
            }
            case PASS -> {
                r.failures = 0;
                int next = nextStage();
                if (next < 0) return complete("passed the " + r.stagePercent + "% stage: " + v.reason(), now);
                return enter(ModelRollout.ROLLING, next, "stage " + r.stagePercent + "% → " + next + "%: " + v.reason(), now);
            }
            default -> {
                r.failures++;
                if (r.failures >= plan().failuresToHalt) {
                    return enter(ModelRollout.HALTED, 0, "halted at " + r.stagePercent + "% after " + r.failures + " failed gates in a row, rolled back to 0% ("
                            + servingVersion() + " serves everyone); last " + v.reason(), now);
                }
                return enter(ModelRollout.ROLLING, r.stagePercent, "failed gate " + r.failures + " of " + plan().failuresToHalt + " at "
                        + r.stagePercent + "%, judging a new window; " + v.reason(), now);
            }
        }
    }

    private Change complete(String why, long now) {
        r.serving = r.candidate;
        return enter(ModelRollout.COMPLETE, 100, r.candidate.version + " serves everyone: " + why, now);
    }

    /** A new state or stage: a new epoch and an empty window, so no evidence crosses stages. */
    private Change enter(String state, int stage, String why, long now) {
        r.state = state;
        r.stagePercent = stage;
        r.epoch++;
        r.stageStartedAt = now;
        window = new GateWindow();
        figures(RolloutGate.figures(window.evidence()));
        return stamp(why, now);
    }

    private Change stamp(String why, long now) {
        r.reason = why;
        r.updatedAt = now;
        return Change.STATE;
    }

    /** A control that changes nothing is still answered on model-rollouts, so whoever sent it sees why. */
    private Change note(String why, long now) {
        return stamp(why, now);
    }

    private void figures(RolloutGate.Figures f) {
        r.events = f.events();
        r.js = f.js();
        r.psi = f.psi();
        r.positiveRateServing = f.positiveRateServing();
        r.positiveRateCandidate = f.positiveRateCandidate();
        r.mannWhitneyP = f.mannWhitneyP();
        r.effectSize = f.effectSize();
    }

    private RolloutPlan plan() {
        return r.plan == null ? new RolloutPlan() : r.plan;
    }

    private int firstStage() {
        return plan().stages.get(0);
    }

    /** The stage after the current one, or −1 after the last. */
    private int nextStage() {
        List<Integer> stages = plan().stages;
        for (int s : stages) if (s > r.stagePercent) return s;
        return -1;
    }

    private String servingVersion() {
        return r.serving == null ? "the serving model" : r.serving.version;
    }
}
