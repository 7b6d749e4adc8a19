package com.streamlens.jobs.testing;

import com.streamlens.state.records.Recommendation;
import com.streamlens.state.serde.Json;
import java.util.function.Predicate;
import redis.clients.jedis.Jedis;

/** Reading the recommendation jobs' Redis lists in ITs, and waiting for a list (or any condition) to be as expected. */
public final class RecommendationLists {
    private RecommendationLists() {}

    public interface Condition {
        boolean holds() throws Exception;
    }

    /** Polls every 300 ms for up to 60 s. */
    public static void waitFor(Condition c) throws Exception {
        long deadline = System.currentTimeMillis() + 60_000;
        while (!c.holds()) {
            if (System.currentTimeMillis() > deadline) throw new AssertionError("condition not met within 60 s");
            Thread.sleep(300);
        }
    }

    /** The list under a key, or null. */
    public static Recommendation list(Jedis j, String key) {
        String v = j.get(key);
        return v == null ? null : parse(v, Recommendation.class);
    }

    /** Waits until the key holds a list that is {@code ready}; the timeout names the key and what it last held. */
    public static Recommendation waitForList(Jedis j, String key, Predicate<Recommendation> ready) throws Exception {
        Recommendation[] last = new Recommendation[1];
        try {
            waitFor(() -> {
                last[0] = list(j, key);
                return last[0] != null && ready.test(last[0]);
            });
        } catch (AssertionError timedOut) {
            throw new AssertionError(timedOut.getMessage() + " for " + key + "; last seen: " + j.get(key), timedOut);
        }
        return last[0];
    }

    /** Something done before each look, e.g. a click that asks for the list. */
    public interface Poke {
        void run() throws Exception;
    }

    /** {@link #waitForList} that runs {@code poke} before each look. */
    public static Recommendation waitForList(Jedis j, String key, Predicate<Recommendation> ready, Poke poke) throws Exception {
        Recommendation[] last = new Recommendation[1];
        waitFor(() -> {
            poke.run();
            last[0] = list(j, key);
            return last[0] != null && ready.test(last[0]);
        });
        return last[0];
    }

    public static <T> T parse(String json, Class<T> type) {
        try {
            return Json.MAPPER.readValue(json, type);
        } catch (Exception e) {
            throw new AssertionError(json, e);
        }
    }
}
