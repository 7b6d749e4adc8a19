package com.streamlens.operators.io.redis;

import com.streamlens.operators.io.kafka.KeyOf;
import com.streamlens.state.serde.Json;
import org.apache.flink.api.common.functions.MapFunction;

/** A record as a JSON string under its Redis key, with a TTL: what a website GETs. */
public class ToRedisJson<T> implements MapFunction<T, RedisWrite> {
    private final KeyOf<T> keyOf;
    private final long ttlSeconds;

    public ToRedisJson(KeyOf<T> keyOf, long ttlSeconds) {
        if (ttlSeconds <= 0) throw new IllegalArgumentException("Redis TTL must be > 0 s, got " + ttlSeconds);
        this.keyOf = keyOf;
        this.ttlSeconds = ttlSeconds;
    }

    @Override
    public RedisWrite map(T value) {
        return RedisWrite.string(keyOf.apply(value), Json.toString(value), ttlSeconds);
    }
}
