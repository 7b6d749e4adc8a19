package com.streamlens.state.records;

/** A customer due for a churn score: their raw features as of {@code asOf}, on the way to the micro-batched model. */
public class ChurnCase {
    public String userId;
    public String siteId;
    /** Event time the features describe (the timer's time). */
    public long asOf;
    /** daily | milestone | final (the state expires after it). */
    public String trigger;
    /** Raw feature values in ChurnFeatures.NAMES order (days, counts, shares; the model's transform comes later). */
    public float[] features;

    public ChurnCase() {}

    public ChurnCase(String userId, String siteId, long asOf, String trigger, float[] features) {
        this.userId = userId;
        this.siteId = siteId;
        this.asOf = asOf;
        this.trigger = trigger;
        this.features = features;
    }
}
