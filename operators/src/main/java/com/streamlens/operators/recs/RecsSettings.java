package com.streamlens.operators.recs;

import com.streamlens.operators.recs.als.AlsConfig;
import java.io.Serializable;

/**
 * How the recommendations job refreshes its outputs.
 *
 * @param topN              list length of personal, similar and popular lists
 * @param refreshIntervalMs a user's list is rewritten at most once per interval (bursts coalesce) and at
 *                          most this long after an interaction
 * @param batchSize         users (or items) scored per GEMM
 * @param maxWaitMs         how long a due refresh may wait for its batch to fill
 * @param excludeSeen       leave items the user interacted with out of the user's list
 * @param similarIntervalMs an item's similar list is recomputed at most once per interval
 * @param gramEmitMs        how often the user side sends its user-Gram change to the item side
 * @param popularHalfLifeMs half-life of popularity counts
 * @param popularEveryMs    how often popular lists are written
 * @param itemPublishMs     an item's new row is published at once when it has been quiet, then at most once per
 *                          interval (the latest row; a hot item's updates coalesce); 0: every update
 */
public record RecsSettings(AlsConfig als, int topN, long refreshIntervalMs, int batchSize, long maxWaitMs,
                           boolean excludeSeen, long similarIntervalMs, long gramEmitMs, long popularHalfLifeMs,
                           long popularEveryMs, long itemPublishMs) implements Serializable {

    public static RecsSettings defaults() {
        return new RecsSettings(AlsConfig.defaults(), 50, 1000, 64, 50, true, 60_000, 1000, 6 * 3_600_000L, 10_000, 1000);
    }

    public RecsSettings {
        if (topN < 1) throw new IllegalArgumentException("top-N must be ≥ 1, got " + topN);
        if (refreshIntervalMs < 0 || maxWaitMs < 1 || batchSize < 1)
            throw new IllegalArgumentException("refresh interval must be ≥ 0 ms, max wait ≥ 1 ms, batch ≥ 1");
        if (similarIntervalMs < 0 || gramEmitMs < 1 || popularHalfLifeMs < 1 || popularEveryMs < 1)
            throw new IllegalArgumentException("similar interval ≥ 0, Gram emit ≥ 1 ms, popularity half-life and period ≥ 1 ms");
        if (itemPublishMs < 0) throw new IllegalArgumentException("item publish interval must be ≥ 0 ms, got " + itemPublishMs);
    }
}
