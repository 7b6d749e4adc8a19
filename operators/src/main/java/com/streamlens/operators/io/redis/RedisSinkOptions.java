package com.streamlens.operators.io.redis;

import com.streamlens.operators.io.SinkOutage;
import java.io.Serializable;
import java.time.Duration;

/** How the Redis sink batches and retries. Defaults suit loopback and a LAN Redis. */
public record RedisSinkOptions(
        int batchSize, Duration flushInterval, Duration initialBackoff, Duration maxBackoff, Duration giveUpAfter)
        implements Serializable {

    public static RedisSinkOptions defaults() {
        return new RedisSinkOptions(1_000, Duration.ofMillis(200), Duration.ofMillis(100), Duration.ofSeconds(5),
                SinkOutage.RIDE_OUT);
    }

    public RedisSinkOptions {
        if (batchSize < 1) throw new IllegalArgumentException("Redis batch size must be ≥ 1, got " + batchSize);
        if (flushInterval.isNegative() || flushInterval.isZero()) throw new IllegalArgumentException("Redis flush interval must be > 0");
    }

    public RedisSinkOptions withBatchSize(int n) {
        return new RedisSinkOptions(n, flushInterval, initialBackoff, maxBackoff, giveUpAfter);
    }

    public RedisSinkOptions withFlushInterval(Duration d) {
        return new RedisSinkOptions(batchSize, d, initialBackoff, maxBackoff, giveUpAfter);
    }

    public RedisSinkOptions withGiveUpAfter(Duration d) {
        return new RedisSinkOptions(batchSize, flushInterval, initialBackoff, maxBackoff, d);
    }
}
