package com.streamlens.operators.io.redis;

import com.streamlens.operators.io.kafka.KeyOf;
import com.streamlens.state.serde.Json;
import java.util.Map;
import org.apache.flink.api.common.functions.MapFunction;

/** A record as a JSON field of a Redis hash (other fields stay), refreshing the hash's TTL: one dashboard GET per hash. */
public class ToRedisHashField<T> implements MapFunction<T, RedisWrite> {
    private final KeyOf<T> keyOf;
    private final KeyOf<T> fieldOf;
    private final long ttlSeconds;

    public ToRedisHashField(KeyOf<T> keyOf, KeyOf<T> fieldOf, long ttlSeconds) {
        if (ttlSeconds <= 0) throw new IllegalArgumentException("Redis TTL must be > 0 s, got " + ttlSeconds);
        this.keyOf = keyOf;
        this.fieldOf = fieldOf;
        this.ttlSeconds = ttlSeconds;
    }

    @Override
    public RedisWrite map(T value) {
        return RedisWrite.hash(keyOf.apply(value), Map.of(fieldOf.apply(value), Json.toString(value)), ttlSeconds, false);
    }
}
