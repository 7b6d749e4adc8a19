package com.streamlens.state.records;

import java.util.ArrayList;
import java.util.List;

/**
 * How a candidate model rolls out: the share of users (stable hash buckets) at each stage, how long each stage dwells
 * before its gate is judged, and the gate's bounds (docs/model-rollouts.md justifies the defaults). Part of
 * a {@link ModelRelease}; fields left out of a release take these defaults.
 */
public class RolloutPlan {
    /** Percent of users who get the candidate's verdicts at each stage, rising, the last 100. */
    public List<Integer> stages = new ArrayList<>(List.of(5, 30, 50, 100));
    /** Shadow-scored events a stage needs before its gate is judged (fewer: inconclusive, hold). */
    public long minEvents = 2_000;
    /** Least time at a stage before its gate is judged. */
    public long minDwellSeconds = 600;
    /** Failed gates in a row that halt the rollout and roll back to 0%. */
    public int failuresToHalt = 3;
    /** Largest Jensen–Shannon divergence (bits, 20 bins, Jeffreys-smoothed) between candidate and serving scores. */
    public double jsMax = 0.1;
    /** Largest population stability index over the same bins (0.1 / 0.25 rule of thumb: 0.25 is a major shift). */
    public double psiMax = 0.25;
    /** Largest relative change of the positive rate, |r_new − r_old| / max(r_old, positiveRateFloor). */
    public double positiveRateBound = 0.25;
    /** Floor of the relative change's denominator, so a rare-positive model is not failed by one extra positive. */
    public double positiveRateFloor = 0.01;
    /** Mann–Whitney: a shift fails the gate when p < alpha and the effect size is beyond {@link #mannWhitneyEffect}. */
    public double mannWhitneyAlpha = 0.01;
    /** Largest |A − 0.5|, A = P(candidate score > serving score) + ½P(tie): the Vargha–Delaney effect size. */
    public double mannWhitneyEffect = 0.1;
    /** A candidate not loaded by every scoring subtask within this time is rejected. */
    public long loadTimeoutSeconds = 600;

    public RolloutPlan() {}
}
