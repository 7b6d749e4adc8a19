package com.streamlens.jobs.recs;

import static com.streamlens.jobs.recs.RecommendationsJobIT.clickJson;
import static com.streamlens.jobs.testing.RecommendationLists.list;
import static com.streamlens.jobs.recs.RecommendationsJobIT.publishSnapshot;
import static com.streamlens.jobs.recs.RecommendationsJobIT.userOnSubtask;
import static com.streamlens.jobs.testing.RecommendationLists.waitFor;
import static com.streamlens.jobs.testing.RecommendationLists.waitForList;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.streamlens.jobs.testing.Failover;
import com.streamlens.jobs.testing.JobTestStack;
import com.streamlens.state.Topics;
import com.streamlens.state.records.ItemFactor;
import com.streamlens.state.records.Recommendation;
import com.streamlens.state.redis.RedisKeys;
import com.streamlens.state.serde.Json;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.apache.flink.api.common.JobID;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;

/**
 * The recommendations job crashes after interactions were applied to its models but before the checkpoint: the
 * restored job applies them once (popular counts, the item's statistics, the user's history) and what it sent
 * before the crash stays invisible to readers of its topics.
 */
class RecommendationsFailoverIT {
    private static final String SITE = "shop-f";
    private static final float PURCHASE = 6f; // AlsConfig's purchase weight: each purchase adds it to counts and support

    @RegisterExtension
    static final JobTestStack STACK = JobTestStack.forFailover();

    @Test
    void aCrashBetweenCheckpointsAppliesEveryInteractionOnce(@InjectMiniCluster MiniCluster cluster) throws Exception {
        publishSnapshot(STACK.kafka());
        StreamExecutionEnvironment env = STACK.environment();
        env.setParallelism(2);
        RecommendationsJob.wireProduction(env, RecsJobOptions.fromArgs(new String[] {
                "--kafka", STACK.kafka().bootstrap(), "--redis", STACK.redis().uri(), "--start-from", "earliest",
                "--factors", "8", "--top-n", "10", "--popular-every-ms", "300", "--refresh-interval-ms", "300",
                "--popular-half-life-ms", String.valueOf(365L * 86_400_000), // counts, not decay, at this test's scale
                "--group-id", "recs-failover-it", "--delivery", "exactly-once"}));
        JobClient job = env.executeAsync("recs-failover-it");
        JobID id = job.getJobID();
        double prior = firstRow("a7").support; // the snapshot's row, a7's support before the job

        try (Jedis j = STACK.redis().client()) {
            List<String> warm = List.of(userOnSubtask(0), userOnSubtask(1)); // both user-side subtasks hold the catalogue
            waitFor(() -> {
                for (String w : warm) click("shop-1", w, "page_view", "b0");
                return warm.stream().allMatch(w -> list(j, RedisKeys.userRecommendations(w)) != null);
            });

            // Before the checkpoint: alice sees a1 and a2, three buyers buy a7.
            click("shop-1", "alice", "page_view", "a1");
            click("shop-1", "alice", "page_view", "a2");
            for (int u = 0; u < 3; u++) click(SITE, "buyer-" + u, "purchase", "a7");
            waitForList(j, RedisKeys.popularItems(SITE), r -> score(r, "a7") == 3 * PURCHASE);
            waitForList(j, RedisKeys.userRecommendations("alice"), r -> excludes(r, "a1", "a2"));
            long first = Failover.checkpoint(cluster, id);

            // After it: alice sees a3, two more buyers buy a7, one buys a8, and a malformed click; all applied, then the crash.
            click("shop-1", "alice", "page_view", "a3");
            for (int u = 3; u < 5; u++) click(SITE, "buyer-" + u, "purchase", "a7");
            click(SITE, "buyer-5", "purchase", "a8");
            STACK.kafka().send(Topics.CLICKSTREAM, "x", "{\"schema\":1,\"type\":\"purchase\"}");
            waitForList(j, RedisKeys.popularItems(SITE), r -> score(r, "a7") == 5 * PURCHASE && score(r, "a8") == PURCHASE);
            waitForList(j, RedisKeys.userRecommendations("alice"), r -> excludes(r, "a1", "a2", "a3"));
            assertThat(STACK.kafka().readUncommitted(Topics.DEAD_LETTERS, 1, Duration.ofSeconds(10)))
                    .as("the dead letter is in the broker, uncommitted").hasSize(1);
            j.del(RedisKeys.popularItems(SITE), RedisKeys.userRecommendations("alice")); // their return shows the restored job
            Failover.killTaskManager(cluster);

            // Restored from the first checkpoint, the later events are read again and applied once: 5 and 1 purchases.
            Recommendation popular = waitForList(j, RedisKeys.popularItems(SITE), r -> score(r, "a8") > 0);
            long second = Failover.checkpoint(cluster, id);
            assertThat(Failover.restoredCheckpoint(cluster, id)).isEqualTo(first);
            assertThat(second).isGreaterThan(first);
            Thread.sleep(1_000); // three more emissions: a purchase applied twice would show by now
            popular = waitForList(j, RedisKeys.popularItems(SITE), r -> true);
            assertThat(popular.items).startsWith("a7", "a8");
            assertThat(score(popular, "a7")).isCloseTo(5 * PURCHASE, within(1e-3));
            assertThat(score(popular, "a8")).isCloseTo(PURCHASE, within(1e-3));
            // alice's history came back with the checkpoint (a1, a2): the list written after her replayed a3 names neither.
            Recommendation alice = waitForList(j, RedisKeys.userRecommendations("alice"), r -> !Arrays.asList(r.items).contains("a3"));
            assertThat(alice.items).hasSize(10).doesNotContain("a1", "a2");
            // The item side's statistics: a7's support grew by its five purchases, not seven. Its latest row goes out
            // within a second (a hot item's rows are throttled) and readers see it once a checkpoint commits it.
            waitFor(() -> {
                Failover.checkpoint(cluster, id);
                return lastRow("a7").support == prior + 5 * PURCHASE;
            });
        }
        assertThat(itemRows("a7")).as("no committed row counts a purchase twice")
                .allSatisfy(r -> assertThat(r.support).isLessThanOrEqualTo(prior + 5 * PURCHASE));
        assertThat(STACK.kafka().read(Topics.DEAD_LETTERS, 2, Duration.ofSeconds(5))).as("committed once").hasSize(1);
        assertThat(STACK.kafka().readUncommitted(Topics.DEAD_LETTERS, 2, Duration.ofSeconds(5))).as("the aborted copy").hasSize(2);
        job.cancel().get();
    }

    private static void click(String site, String user, String type, String item) throws Exception {
        STACK.kafka().send(Topics.CLICKSTREAM, user, clickJson(site, user, type, item));
    }

    private static boolean excludes(Recommendation r, String... seen) {
        return r.items.length == 10 && Arrays.stream(seen).noneMatch(Arrays.asList(r.items)::contains);
    }

    /** The item's score on a list, 0 if it is not on it. */
    private static double score(Recommendation r, String item) {
        int at = Arrays.asList(r.items).indexOf(item);
        return at < 0 ? 0 : Math.round(r.scores[at] * 1e3) / 1e3; // a year's half-life: a minute decays by 1e-6
    }

    /** The item's rows committed to item-factors, oldest first (the snapshot's first). */
    private static List<ItemFactor> itemRows(String itemId) {
        return STACK.kafka().read(Topics.ITEM_FACTORS, 10_000, Duration.ofSeconds(2)).stream()
                .filter(r -> itemId.equals(r.key()) && r.value() != null)
                .map(RecommendationsFailoverIT::row).toList();
    }

    /** The item's first row; a reader's 2 s can pass before its consumer group has joined on a busy machine, so it tries again. */
    private static ItemFactor firstRow(String itemId) {
        List<ItemFactor> rows = itemRows(itemId);
        for (int tries = 1; rows.isEmpty() && tries < 10; tries++) rows = itemRows(itemId);
        return rows.get(0);
    }

    private static ItemFactor lastRow(String itemId) {
        List<ItemFactor> rows = itemRows(itemId);
        return rows.get(rows.size() - 1);
    }

    private static ItemFactor row(ConsumerRecord<String, String> r) {
        try {
            return Json.MAPPER.readValue(r.value(), ItemFactor.class);
        } catch (Exception e) {
            throw new AssertionError(r.value(), e);
        }
    }
}
