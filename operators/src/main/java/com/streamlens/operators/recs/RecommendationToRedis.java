package com.streamlens.operators.recs;

import com.streamlens.operators.io.redis.RedisWrite;
import com.streamlens.state.records.Recommendation;
import com.streamlens.state.redis.RedisKeys;
import com.streamlens.state.serde.Json;
import org.apache.flink.api.common.functions.MapFunction;

/** A list as one JSON string under its reco:* key: a SET replaces the whole list atomically for readers. */
public class RecommendationToRedis implements MapFunction<Recommendation, RedisWrite> {
    private final long userTtlSeconds;
    private final long itemTtlSeconds;

    public RecommendationToRedis(long userTtlSeconds, long itemTtlSeconds) {
        this.userTtlSeconds = userTtlSeconds;
        this.itemTtlSeconds = itemTtlSeconds;
    }

    @Override
    public RedisWrite map(Recommendation r) {
        return switch (r.kind) {
            case Recommendation.USER -> RedisWrite.string(RedisKeys.userRecommendations(r.id), Json.toString(r), userTtlSeconds);
            case Recommendation.SIMILAR -> RedisWrite.string(RedisKeys.similarItems(r.id), Json.toString(r), itemTtlSeconds);
            case Recommendation.CONTENT -> RedisWrite.string(RedisKeys.contentRecommendations(r.id), Json.toString(r), userTtlSeconds);
            case Recommendation.PROFILE -> RedisWrite.string(RedisKeys.userProfile(r.id), Json.toString(r), userTtlSeconds);
            case Recommendation.HYBRID -> RedisWrite.string(RedisKeys.hybridRecommendations(r.id), Json.toString(r), userTtlSeconds);
            case Recommendation.SIMILAR_CONTENT -> RedisWrite.string(RedisKeys.similarByContent(r.id), Json.toString(r), itemTtlSeconds);
            default -> RedisWrite.string(RedisKeys.popularItems(r.id), Json.toString(r), itemTtlSeconds);
        };
    }
}
