package com.streamlens.operators.io.redis;

import java.util.List;
import java.util.Map;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.params.SetParams;

/**
 * One idempotent Redis mutation: replaying it after a failure leaves the same state (SET/HSET/ZADD with a
 * TTL; never INCR). A plain POJO so Flink serialises it between operators.
 */
public class RedisWrite {
    public enum Kind { STRING, HASH, SORTED_SET }

    public Kind kind;
    public String key;
    public String value;
    public Map<String, String> fields;
    public Map<String, Double> scores;
    /** Key TTL in seconds; every key the product writes expires. */
    public long ttlSeconds;
    /** For HASH and SORTED_SET: delete the old content first, so removed fields/members do not linger. */
    public boolean replace;

    public RedisWrite() {}

    public static RedisWrite string(String key, String value, long ttlSeconds) {
        RedisWrite w = base(Kind.STRING, key, ttlSeconds);
        w.value = value;
        return w;
    }

    public static RedisWrite hash(String key, Map<String, String> fields, long ttlSeconds, boolean replace) {
        RedisWrite w = base(Kind.HASH, key, ttlSeconds);
        w.fields = fields;
        w.replace = replace;
        return w;
    }

    public static RedisWrite sortedSet(String key, Map<String, Double> scores, long ttlSeconds, boolean replace) {
        RedisWrite w = base(Kind.SORTED_SET, key, ttlSeconds);
        w.scores = scores;
        w.replace = replace;
        return w;
    }

    private static RedisWrite base(Kind kind, String key, long ttlSeconds) {
        if (ttlSeconds <= 0) throw new IllegalArgumentException("every Redis key needs a TTL > 0, got " + ttlSeconds + " for " + key);
        RedisWrite w = new RedisWrite();
        w.kind = kind;
        w.key = key;
        w.ttlSeconds = ttlSeconds;
        return w;
    }

    /** Queues this write's commands on the pipeline; their responses go to {@code responses} for error checks. */
    void queue(AbstractPipeline p, List<Response<?>> responses) {
        switch (kind) {
            case STRING -> responses.add(p.set(key, value, SetParams.setParams().ex(ttlSeconds)));
            case HASH -> {
                if (replace) responses.add(p.del(key));
                if (!fields.isEmpty()) responses.add(p.hset(key, fields));
                responses.add(p.expire(key, ttlSeconds));
            }
            case SORTED_SET -> {
                if (replace) responses.add(p.del(key));
                if (!scores.isEmpty()) responses.add(p.zadd(key, scores));
                responses.add(p.expire(key, ttlSeconds));
            }
        }
    }

    /** Commands this write sends, for the ops/s metric. */
    int commandCount() {
        return kind == Kind.STRING ? 1 : (replace ? 3 : 2);
    }
}
