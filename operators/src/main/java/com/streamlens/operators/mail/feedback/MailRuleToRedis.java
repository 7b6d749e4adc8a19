package com.streamlens.operators.mail.feedback;

import com.streamlens.operators.io.redis.RedisWrite;
import com.streamlens.state.records.MailRule;
import com.streamlens.state.redis.RedisKeys;
import com.streamlens.state.serde.Json;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.MapFunction;

/**
 * A rule change into the user's {@code mail:rules:{user}} hash for the mail UI: HSET of the rule's JSON under its id, or
 * HDEL when it was removed. Idempotent; the key lives a rule lifetime after its last change, as its rules would.
 */
public class MailRuleToRedis implements MapFunction<MailRule, RedisWrite> {
    private final long ttlSeconds;

    public MailRuleToRedis(MailboxSettings settings) {
        this.ttlSeconds = settings.ruleLifetime().toSeconds();
    }

    @Override
    public RedisWrite map(MailRule r) {
        String key = RedisKeys.mailRules(r.userId);
        if (r.deletesKey()) return RedisWrite.hashFields(key, Map.of(), List.of(r.ruleId), ttlSeconds);
        return RedisWrite.hashFields(key, Map.of(r.ruleId, Json.toString(r)), List.of(), ttlSeconds);
    }
}
