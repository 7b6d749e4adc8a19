package com.streamlens.operators.rollout;

import com.streamlens.operators.io.redis.RedisWrite;
import com.streamlens.state.records.ModelRollout;
import com.streamlens.state.redis.RedisKeys;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.api.common.functions.MapFunction;

/** A rollout record as the Redis hash {@code model:{name}} that {@code scripts/model status} and dashboards read. */
public class RolloutToRedis implements MapFunction<ModelRollout, RedisWrite> {
    /** Refreshed by every record; a model whose job is gone drops out of Redis after 90 days. */
    static final long TTL_SECONDS = 90L * 86_400;

    @Override
    public RedisWrite map(ModelRollout r) {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("serving_version", r.serving == null ? "" : r.serving.version);
        f.put("candidate_version", r.candidate == null ? "" : r.candidate.version);
        f.put("stage_percent", String.valueOf(r.stagePercent));
        f.put("state", r.state);
        f.put("reason", r.reason == null ? "" : r.reason);
        f.put("failures", String.valueOf(r.failures));
        f.put("events", String.valueOf(r.events));
        f.put("js", String.valueOf(r.js));
        f.put("psi", String.valueOf(r.psi));
        f.put("positive_rate_serving", String.valueOf(r.positiveRateServing));
        f.put("positive_rate_candidate", String.valueOf(r.positiveRateCandidate));
        f.put("mann_whitney_p", String.valueOf(r.mannWhitneyP));
        f.put("seq", String.valueOf(r.seq));
        f.put("updated_at", String.valueOf(r.updatedAt));
        return RedisWrite.hash(RedisKeys.model(r.name), f, TTL_SECONDS, true);
    }
}
