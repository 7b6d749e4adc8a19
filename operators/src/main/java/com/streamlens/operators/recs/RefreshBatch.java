package com.streamlens.operators.recs;

import com.streamlens.state.records.RefreshRequest;
import java.util.ArrayList;
import java.util.List;

/**
 * Users whose lists are due, waiting to be scored together in one GEMM: a batch closes at {@code maxSize} users or
 * {@code maxWaitMs} after its first. It stays in the user-side operator, not in a {@code MicroBatchOperator} downstream,
 * because scoring needs the catalogue that operator mirrors from broadcast state. Checkpointed as operator state;
 * empty after every flush.
 */
final class RefreshBatch {
    private final int maxSize;
    private final long maxWaitMs;
    private final List<RefreshRequest> pending = new ArrayList<>();
    /** When the open batch must be scored at the latest (0 after a restore: at the next chance). */
    private long flushAt;

    RefreshBatch(int maxSize, long maxWaitMs) {
        this.maxSize = maxSize;
        this.maxWaitMs = maxWaitMs;
    }

    /** Adds a due user at {@code now}; when that opens a batch, returns when a timer must flush it, else -1. */
    long add(RefreshRequest r, long now) {
        pending.add(r);
        if (pending.size() > 1) return -1;
        flushAt = now + maxWaitMs;
        return flushAt;
    }

    /** Whether the batch must be scored at {@code now}: full, or waited long enough. */
    boolean isDue(long now) {
        return !pending.isEmpty() && (pending.size() >= maxSize || now >= flushAt);
    }

    /** The batch, emptied. */
    List<RefreshRequest> take() {
        List<RefreshRequest> out = new ArrayList<>(pending);
        pending.clear();
        return out;
    }

    List<RefreshRequest> snapshot() {
        return new ArrayList<>(pending);
    }

    void restore(Iterable<RefreshRequest> requests) {
        for (RefreshRequest r : requests) pending.add(r);
    }
}
