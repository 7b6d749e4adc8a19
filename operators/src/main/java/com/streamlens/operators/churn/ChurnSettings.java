package com.streamlens.operators.churn;

import java.io.Serializable;
import java.time.Duration;

/**
 * The churn job's tunables, from job options (docs/jobs/churn.md explains each default).
 *
 * @param sessionGap      a new session starts after this long without events
 * @param slowLoadMs      a page load over this is slow (customers leave slow stores)
 * @param scoreEvery      each customer is scored once per this period of event time
 * @param lifetime        a customer's state expires this long after their last activity, after one last score
 * @param milestoneFactor an extra score this many usual inter-purchase gaps after the last purchase
 * @param atRiskSize      how many customers each site's at-risk set keeps
 * @param redisTtl        TTL of the churn:* keys (every write renews it)
 */
public record ChurnSettings(Duration sessionGap, int slowLoadMs, Duration scoreEvery, Duration lifetime, double milestoneFactor,
                            int atRiskSize, Duration redisTtl) implements Serializable {

    public ChurnSettings {
        if (scoreEvery.toMillis() < 1_000) throw new IllegalArgumentException("the scoring period must be at least 1 s, got " + scoreEvery);
        if (lifetime.compareTo(scoreEvery) <= 0) throw new IllegalArgumentException("the lifetime must exceed the scoring period");
        if (!(milestoneFactor >= 1)) throw new IllegalArgumentException("the milestone factor must be ≥ 1, got " + milestoneFactor);
        if (atRiskSize < 1) throw new IllegalArgumentException("the at-risk set must keep at least 1 customer");
        if (slowLoadMs < 1) throw new IllegalArgumentException("the slow-load limit must be ≥ 1 ms");
    }

    public static ChurnSettings defaults() {
        return new ChurnSettings(Duration.ofMinutes(30), 5_000, Duration.ofDays(1), Duration.ofDays(180), 2.0, 10_000, Duration.ofDays(7));
    }
}
