package com.streamlens.operators.mail;

import com.streamlens.operators.io.redis.RedisWrite;
import com.streamlens.state.records.MailVerdict;
import com.streamlens.state.records.UserMailSummary;
import com.streamlens.state.redis.RedisKeys;
import com.streamlens.state.serde.Json;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keyed by user: keeps the user's mail counts (all, spam, per category, overridden by a rule or reputation, skipped)
 * and last verdicts and writes them as absolute values to the
 * user's Redis hash (HSET of totals, never HINCRBY, so a replay after a restart leaves the same hash).
 */
public class SummarizeUserMail extends KeyedProcessFunction<String, MailVerdict, RedisWrite> {
    private final long ttlSeconds;
    private transient ValueState<UserMailSummary> summary;

    public SummarizeUserMail(long ttlSeconds) {
        this.ttlSeconds = ttlSeconds;
    }

    @Override
    public void open(OpenContext openContext) {
        summary = getRuntimeContext().getState(MailState.summary());
    }

    @Override
    public void processElement(MailVerdict v, Context ctx, Collector<RedisWrite> out) throws Exception {
        UserMailSummary s = summary.value();
        if (s == null) s = new UserMailSummary();
        s.add(v);
        summary.update(s);
        Map<String, String> fields = new HashMap<>();
        fields.put("mails", Long.toString(s.mails));
        fields.put("spam", Long.toString(s.spam));
        fields.put("overridden", Long.toString(s.overridden));
        fields.put("skipped", Long.toString(s.skipped));
        s.categories.forEach((c, n) -> fields.put("category:" + c, Long.toString(n)));
        fields.put("last_verdicts", Json.toString(s.lastVerdicts));
        out.collect(RedisWrite.hash(RedisKeys.mailUser(v.userId), fields, ttlSeconds, false));
    }
}
