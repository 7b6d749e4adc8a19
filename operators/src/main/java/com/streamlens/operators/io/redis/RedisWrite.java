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
    /** For HASH and SORTED_SET: fields or members to remove (HDEL, ZREM) after the rest. */
    public List<String> remove;
    /** For SORTED_SET: keep only the members with the highest scores, this many (ZREMRANGEBYRANK); 0 keeps all. */
    public int keepTop;

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

    /** A sorted set that keeps its {@code keepTop} highest members: ZADD, ZREM {@code remove}, ZREMRANGEBYRANK, EXPIRE. */
    public static RedisWrite rankedSet(String key, Map<String, Double> scores, List<String> remove, int keepTop, long ttlSeconds) {
        if (keepTop < 1) throw new IllegalArgumentException("keepTop must be ≥ 1, got " + keepTop);
        RedisWrite w = sortedSet(key, scores, ttlSeconds, false);
        w.remove = remove;
        w.keepTop = keepTop;
        return w;
    }

    /** Hash fields set and others removed (HSET, HDEL), without touching the hash's other fields. */
    public static RedisWrite hashFields(String key, Map<String, String> fields, List<String> remove, long ttlSeconds) {
        RedisWrite w = hash(key, fields, ttlSeconds, false);
        w.remove = remove;
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
                if (remove != null && !remove.isEmpty()) responses.add(p.hdel(key, remove.toArray(String[]::new)));
                responses.add(p.expire(key, ttlSeconds));
            }
            case SORTED_SET -> {
                if (replace) responses.add(p.del(key));
                if (!scores.isEmpty()) responses.add(p.zadd(key, scores));
                if (remove != null && !remove.isEmpty()) responses.add(p.zrem(key, remove.toArray(String[]::new)));
                if (keepTop > 0) responses.add(p.zremrangeByRank(key, 0, -(keepTop + 1L)));
                responses.add(p.expire(key, ttlSeconds));
            }
        }
    }

    /** Commands this write sends, for the ops/s metric. */
    int commandCount() {
        if (kind == Kind.STRING) return 1;
        return (replace ? 3 : 2) + (remove != null && !remove.isEmpty() ? 1 : 0) + (keepTop > 0 ? 1 : 0);
    }
}
