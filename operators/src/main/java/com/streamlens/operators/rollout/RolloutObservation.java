package com.streamlens.operators.rollout;

/**
 * What a scoring subtask tells its model's judge: that it serves a version, that the candidate is loaded and checked
 * (or why not), and, every few seconds, the shadow-scored evidence of the current gate window since its last report.
 */
public class RolloutObservation {
    public static final String SERVING = "serving";
    public static final String READY = "ready";
    public static final String REJECTED = "rejected";
    public static final String STATS = "stats";

    public String name;
    public String kind;
    public int subtask;
    public int parallelism;
    /** The epoch of the rollout record the subtask acted on. */
    public long epoch;
    public String version;
    /** For {@link #SERVING}: where the serving model came from. */
    public String uri;
    public String reason;
    /** For {@link #STATS}: score histograms ({@link ScoreHistogram#BINS} bins) and positive decisions, serving and candidate. */
    public long[] serving;
    public long[] candidate;
    public long servingPositives;
    public long candidatePositives;

    public RolloutObservation() {}

    static RolloutObservation of(String name, String kind, int subtask, int parallelism, long epoch, String version) {
        RolloutObservation o = new RolloutObservation();
        o.name = name;
        o.kind = kind;
        o.subtask = subtask;
        o.parallelism = parallelism;
        o.epoch = epoch;
        o.version = version;
        return o;
    }
}
