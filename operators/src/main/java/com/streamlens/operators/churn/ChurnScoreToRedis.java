package com.streamlens.operators.churn;

import com.streamlens.operators.io.redis.RedisWrite;
import com.streamlens.state.records.ChurnScore;
import com.streamlens.state.redis.RedisKeys;
import com.streamlens.state.serde.Json;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.util.Collector;

/**
 * A score into Redis: the customer's hash {@code churn:user:{user}} gets the site's field (the score as JSON), and the
 * site's {@code churn:at-risk:{site}} sorted set the customer's probability, trimmed to its top N. Both writes are
 * idempotent (HSET, ZADD, ZREMRANGEBYRANK, EXPIRE), so a replay after a failure leaves the same keys. A final score
 * (the customer's state expires) removes them from both: a campaign works on customers the product still follows.
 */
public class ChurnScoreToRedis implements FlatMapFunction<ChurnScore, RedisWrite> {
    private final int atRiskSize;
    private final long ttlSeconds;

    public ChurnScoreToRedis(ChurnSettings settings) {
        this.atRiskSize = settings.atRiskSize();
        this.ttlSeconds = settings.redisTtl().toSeconds();
    }

    @Override
    public void flatMap(ChurnScore s, Collector<RedisWrite> out) {
        String user = RedisKeys.churnUser(s.userId);
        String atRisk = RedisKeys.churnAtRisk(s.siteId);
        if (ChurnScore.FINAL.equals(s.trigger)) {
            out.collect(RedisWrite.hashFields(user, Map.of(), List.of(s.siteId), ttlSeconds));
            out.collect(RedisWrite.rankedSet(atRisk, Map.of(), List.of(s.userId), atRiskSize, ttlSeconds));
            return;
        }
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("probability", s.probability);
        row.put("top_features", s.topFeatures);
        row.put("model_version", s.modelVersion);
        row.put("as_of", s.asOf);
        row.put("trigger", s.trigger);
        out.collect(RedisWrite.hashFields(user, Map.of(s.siteId, Json.toString(row)), List.of(), ttlSeconds));
        out.collect(RedisWrite.rankedSet(atRisk, Map.of(s.userId, s.probability), List.of(), atRiskSize, ttlSeconds));
    }
}
