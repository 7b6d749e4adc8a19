package com.streamlens.state.records;

import java.util.ArrayList;
import java.util.List;

/**
 * A model's rollout as its judge decided it: the record of the compacted {@code model-rollouts} topic (key
 * {@link #name}), which the scoring operators read back as broadcast state, and of the Redis hash {@code model:{name}}.
 * {@link #seq} rises with every record of a name; readers keep the highest.
 */
public class ModelRollout {
    /** No candidate: the serving model scores everyone. */
    public static final String SERVING = "serving";
    /** The candidate is being fetched, checked and canary-scored on every scoring subtask. */
    public static final String LOADING = "loading";
    /** The candidate decides for the users of the current stage; all of them are shadow-scored by both models. */
    public static final String ROLLING = "rolling";
    /** As rolling, but the gate is not judged and the stage does not move until resumed. */
    public static final String PAUSED = "paused";
    /** The candidate passed the last stage (or was promoted): it is now the serving model. */
    public static final String COMPLETE = "complete";
    /** The gate failed too often: rolled back to 0%. */
    public static final String HALTED = "halted";
    /** An operator aborted: rolled back to 0%. */
    public static final String ABORTED = "aborted";
    /** The artefact failed its checks (checksum, features, canary) or did not load in time: never served. */
    public static final String REJECTED = "rejected";

    public String name;
    public long seq;
    /** Rises with every stage and every new gate window; the scorers' observations name the epoch they belong to. */
    public long epoch;
    public String state = SERVING;
    /** Percent of users the candidate decides for: 0 unless rolling or paused. */
    public int stagePercent;
    public ModelRef serving;
    public ModelRef candidate;
    public RolloutPlan plan;
    /** Failed gates in a row at this stage. */
    public int failures;
    /** Why the latest change happened (a gate's figures, an operator's control, a load error). */
    public String reason;
    /** The latest operator control acted on (publish, pause, resume, abort, promote): a pause or promote issued while
     *  loading takes effect once the candidate is ready. */
    public String control;
    /** issued_at of the latest control on {@code models} this judge acted on. */
    public long controlIssuedAt;
    /** Scoring subtasks that hold the candidate, and how many there are. */
    public List<Integer> readySubtasks = new ArrayList<>();
    public int subtasks;
    public long stageStartedAt;
    public long updatedAt;
    /** The current gate window's figures: shadow-scored events and their comparison. */
    public long events;
    public double js;
    public double psi;
    public double positiveRateServing;
    public double positiveRateCandidate;
    public double mannWhitneyP = 1;
    public double effectSize = 0.5;

    public ModelRollout() {}

    /** Whether the candidate is in play: scorers hold it, and (rolling or paused) it decides for its slice. */
    public boolean candidateActive() {
        return candidate != null && (LOADING.equals(state) || ROLLING.equals(state) || PAUSED.equals(state));
    }
}
