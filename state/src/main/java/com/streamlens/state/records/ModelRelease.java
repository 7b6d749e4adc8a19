package com.streamlens.state.records;

/**
 * A record of the compacted {@code models} control topic, key {@link #name}: the model version an operator wants
 * rolled out, with its plan, and the latest operator control of that rollout. {@code scripts/model publish} writes one;
 * {@code pause}, {@code resume}, {@code abort} and {@code promote} write it again with another {@link #control}.
 */
public class ModelRelease {
    public static final String PUBLISH = "publish";
    public static final String PAUSE = "pause";
    public static final String RESUME = "resume";
    public static final String ABORT = "abort";
    public static final String PROMOTE = "promote";

    /** spam, mail-categories, antibot or churn. */
    public String name;
    public ModelRef model;
    public RolloutPlan plan;
    /** publish (start, or restart a halted version), pause, resume, abort or promote. */
    public String control;
    /** When the control was issued (ms); a judge acts on each issued control once, in this order. */
    public long issuedAt;
    /** Who issued it (user@host), for the audit trail on model-rollouts. */
    public String issuedBy;

    public ModelRelease() {}
}
