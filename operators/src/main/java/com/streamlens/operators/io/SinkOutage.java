package com.streamlens.operators.io;

import java.time.Duration;

/**
 * How long a sink waits out an outage of the store it writes to (Redis, the Kafka broker): until then it blocks and
 * back-pressures the job; after it, it fails the job, which restarts from its last checkpoint, so nothing acknowledged
 * is lost either way.
 */
public final class SinkOutage {
    private SinkOutage() {}

    /**
     * Shorter than the checkpoint failures flink-conf tolerates (3 expiries of 2 min), so the sink's own error, naming
     * the store, comes first; an exactly-once transaction a stall keeps open (this plus a checkpoint) stays under its
     * 10 min timeout.
     */
    public static final Duration RIDE_OUT = Duration.ofMinutes(5);
}
