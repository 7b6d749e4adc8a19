package com.streamlens.operators.antibot;

import com.streamlens.operators.io.redis.RedisWrite;
import com.streamlens.state.records.BotVerdict;
import com.streamlens.state.redis.RedisKeys;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.flink.api.common.functions.MapFunction;

/** A visitor's latest verdict as {@code bot:visitor:{user}}, the hash a website reads to decide on a CAPTCHA. */
public class VerdictToRedis implements MapFunction<BotVerdict, RedisWrite> {
    private final long ttlSeconds;

    public VerdictToRedis(long ttlSeconds) {
        this.ttlSeconds = ttlSeconds;
    }

    @Override
    public RedisWrite map(BotVerdict v) {
        Map<String, String> f = new HashMap<>();
        f.put("verdict", v.verdict);
        f.put("score", String.format(Locale.ROOT, "%.4f", v.score));
        f.put("stage", v.stage);
        f.put("reasons", String.join(",", v.reasons == null ? java.util.List.of() : v.reasons));
        if (v.modelVersion != null) f.put("model_version", v.modelVersion);
        f.put("ts", Long.toString(v.ts));
        return RedisWrite.hash(RedisKeys.botVisitor(v.userId), f, ttlSeconds, true);
    }
}
