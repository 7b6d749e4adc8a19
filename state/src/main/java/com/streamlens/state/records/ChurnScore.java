package com.streamlens.state.records;

import java.util.List;

/**
 * A customer's churn probability (topic {@code churn-scores}, compacted, key {@code site|user}; Redis
 * {@code churn:user:*}, {@code churn:at-risk:*}): the model's probability of no activity in the label horizon, the three
 * features that moved it most, and when.
 */
public class ChurnScore {
    public static final String DAILY = "daily";
    public static final String MILESTONE = "milestone";
    /** The last score before the customer's state expires (no activity for the lifetime). */
    public static final String FINAL = "final";

    public String userId;
    public String siteId;
    public double probability;
    /** The three largest contributions to the log-odds of churn, largest |contribution| first. */
    public List<FeatureContribution> topFeatures;
    public String modelVersion;
    /** Event time the features describe. */
    public long asOf;
    public String trigger;
    /** Wall-clock time of scoring. */
    public long scoredAt;

    public ChurnScore() {}

    /** One feature's share of the log-odds: z · ∂logit/∂z (exact for logistic regression), with its raw value. */
    public static class FeatureContribution {
        public String feature;
        public double value;
        public double contribution;

        public FeatureContribution() {}

        public FeatureContribution(String feature, double value, double contribution) {
            this.feature = feature;
            this.value = value;
            this.contribution = contribution;
        }
    }

    /** The Kafka key: one record per customer and site survives compaction. */
    public String key() {
        return siteId + "|" + userId;
    }
}
