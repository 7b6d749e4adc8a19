package com.streamlens.operators.rollout;

import org.apache.flink.util.MathUtils;

/**
 * Stable user buckets 0..99 per model: a user in bucket b gets the candidate at every stage above b, so the 5% slice
 * stays inside the 30% one and no user flips back and forth as the rollout advances. String.hashCode is specified by
 * the JLS, so every JVM agrees; murmur mixes it; the model name salts it, so one model's early users are not every
 * model's.
 */
public final class UserSlices {
    private UserSlices() {}

    public static int bucket(String model, String user) {
        int h = model.hashCode() * 31 + (user == null ? 0 : user.hashCode());
        return Math.floorMod(MathUtils.murmurHash(h), 100);
    }

    /** Whether the user is in a stage's slice ({@code percent} of 0..100). */
    public static boolean inSlice(String model, String user, int percent) {
        return percent > 0 && bucket(model, user) < percent;
    }
}
