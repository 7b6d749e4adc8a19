package com.streamlens.jobs.recs;

import static com.streamlens.jobs.testing.RecommendationLists.list;
import static com.streamlens.jobs.testing.RecommendationLists.parse;
import static com.streamlens.jobs.testing.RecommendationLists.waitFor;
import static com.streamlens.jobs.testing.RecommendationLists.waitForList;
import static org.assertj.core.api.Assertions.assertThat;

import com.streamlens.jobs.testing.JobGraphs;
import com.streamlens.jobs.testing.JobTestStack;
import com.streamlens.jobs.testing.KafkaBroker;
import com.streamlens.jobs.testing.Savepoints;
import com.streamlens.jobs.testing.TaskMetrics;
import com.streamlens.operators.recs.Interaction;
import com.streamlens.operators.recs.als.AlsConfig;
import com.streamlens.operators.recs.als.FactorSnapshot;
import com.streamlens.operators.recs.als.IalsTrainer;
import com.streamlens.operators.recs.als.TrainingData;
import com.streamlens.state.Topics;
import com.streamlens.state.events.DeadLetter;
import com.streamlens.state.records.ItemFactor;
import com.streamlens.state.records.BotVerdict;
import com.streamlens.state.records.Recommendation;
import com.streamlens.state.redis.RedisKeys;
import com.streamlens.state.serde.Json;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import java.util.regex.Pattern;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.InjectClusterRESTAddress;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

/**
 * The recommendations job end to end on data with obvious structure: shoppers of "a" items and shoppers of "b"
 * items. A batch-trained snapshot goes to item-factors first (as scripts/train-recs does); then real Kafka in,
 * a RocksDB MiniCluster at parallelism 2, real Redis out.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class) // the savepoint run's site must not reach the first run's overall list
class RecommendationsJobIT {
    private static final int K = 8;

    @RegisterExtension
    static final JobTestStack STACK = JobTestStack.create();

    /** 20 past users per group, each with 8 of their group's 20 items: the snapshot the job starts from. */
    static void publishSnapshot(KafkaBroker kafka) throws Exception {
        Random r = new Random(7);
        List<Interaction> history = new ArrayList<>();
        for (int u = 0; u < 40; u++) {
            String group = u < 20 ? "a" : "b";
            for (int i : r.ints(0, 20).distinct().limit(8).toArray())
                history.add(new Interaction("past-" + u, group + i, "shop-1", 1f, u * 100L + i));
        }
        AlsConfig cfg = AlsConfig.defaults().withFactors(K);
        TrainingData data = TrainingData.of(history, cfg);
        IalsTrainer.Factors f = IalsTrainer.train(cfg, data.userItems(), data.userConf(), data.itemIds().size(), 10, 1, e -> {});
        for (ItemFactor rec : FactorSnapshot.records(data, f, System.currentTimeMillis()))
            kafka.send(Topics.ITEM_FACTORS, rec.itemId, Json.toString(rec));
    }

    static void click(String user, String type, String item) throws Exception {
        click("shop-1", user, type, item);
    }

    static void click(String site, String user, String type, String item) throws Exception {
        STACK.kafka().send(Topics.CLICKSTREAM, user, clickJson(site, user, type, item));
    }

    /** A valid clickstream event of the user on the item, stamped now. */
    static String clickJson(String site, String user, String type, String item) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("schema", 1);
        e.put("event_id", user + "-" + item + "-" + type + "-" + System.nanoTime());
        e.put("type", type);
        e.put("site_id", site);
        e.put("user_id", user);
        e.put("session_id", "s-" + user);
        e.put("ts", System.currentTimeMillis());
        e.put("item_id", item);
        if (type.equals("page_view")) e.put("url", "https://" + site + ".example/p/" + item);
        else e.put("quantity", 1);
        if (type.equals("purchase")) {
            e.put("price", 10.0);
            e.put("currency", "EUR");
            e.put("order_id", "o-" + user + item);
        }
        return Json.toString(e);
    }

    @Test
    @Order(1)
    void listsFollowInteractionsColdUsersGetPopularItemsAndBadEventsGoToTheDlq() throws Exception {
        publishSnapshot(STACK.kafka());
        STACK.kafka().send(Topics.ITEM_FACTORS, "broken", "{\"item_id\":\"broken\",\"factors\":[]}");
        STACK.kafka().send(Topics.CLICKSTREAM, "x", "{\"schema\":1,\"type\":\"purchase\"}");

        StreamExecutionEnvironment env = STACK.environment();
        env.setParallelism(2);
        RecommendationsJob.wireProduction(env, RecsJobOptions.fromArgs(new String[] {
                "--kafka", STACK.kafka().bootstrap(), "--redis", STACK.redis().uri(), "--start-from", "earliest", "--factors", String.valueOf(K),
                "--top-n", "10", "--popular-every-ms", "500", "--refresh-interval-ms", "300",
                // Transactions on every sink: the item-factors loop then reads rows as checkpoints commit them.
                "--delivery", "exactly-once"}));
        assertThat(JobGraphs.operatorsWithoutUid(env)).as("operators a savepoint could not map back").isEmpty();
        JobClient job = env.executeAsync("recs-it");

        try (Jedis j = STACK.redis().client()) {
            // Until each user-side subtask has the catalogue, a user's list would miss the snapshot rows.
            List<String> warm = List.of(userOnSubtask(0), userOnSubtask(1));
            waitFor(() -> {
                for (String w : warm) click(w, "page_view", "b0");
                return warm.stream().allMatch(w -> list(j, RedisKeys.userRecommendations(w)) != null);
            });

            click("alice", "page_view", "a1");
            click("alice", "page_view", "a2");
            click("alice", "add_to_cart", "a3");
            click("alice", "purchase", "a3");
            click("bob", "page_view", "b4");
            click("bob", "purchase", "b5");
            for (int u = 0; u < 6; u++) click("buyer-" + u, "purchase", "a7"); // a7 is today's bestseller
            click("carol", "page_view", "brand-new-item"); // no factors anywhere: carol stays cold

            Recommendation alice = waitForList(j, RedisKeys.userRecommendations("alice"),
                    r -> r.items.length == 10 && Collections.disjoint(Arrays.asList(r.items), List.of("a1", "a2", "a3")));
            assertThat(Arrays.copyOf(alice.items, 5)).allMatch(i -> i.startsWith("a")).doesNotContain("a1", "a2", "a3");
            assertThat(alice.scores[0]).isGreaterThanOrEqualTo(alice.scores[4]);
            Recommendation bob = waitForList(j, RedisKeys.userRecommendations("bob"),
                    r -> Collections.disjoint(Arrays.asList(r.items), List.of("b4", "b5")));
            assertThat(Arrays.copyOf(bob.items, 5)).allMatch(i -> i.startsWith("b")).doesNotContain("b4", "b5");
            assertThat(j.ttl(RedisKeys.userRecommendations("alice"))).isPositive();

            // An item deleted on the compacted topic (a tombstone) leaves the catalogue: alice's next list lacks it.
            String retired = alice.items[0];
            STACK.kafka().send(Topics.ITEM_FACTORS, retired, null);
            waitFor(() -> {
                click("alice", "page_view", "a1");
                Recommendation r = list(j, RedisKeys.userRecommendations("alice"));
                return r.items.length == 10 && !Arrays.asList(r.items).contains(retired);
            });

            Recommendation similar = waitForList(j, RedisKeys.similarItems("a1"), r -> true);
            assertThat(Arrays.copyOf(similar.items, 5)).allMatch(i -> i.startsWith("a")).doesNotContain("a1");

            // Cold users: no personal list, and the popular lists websites fall back to lead with the bestseller.
            Recommendation popular = waitForList(j, RedisKeys.popularItems("shop-1"), r -> r.items.length > 0 && r.items[0].equals("a7"));
            assertThat(popular.scores[0]).isGreaterThan(popular.scores[popular.items.length - 1]);
            assertThat(waitForList(j, RedisKeys.popularItems(Recommendation.ALL_SITES), r -> r.items.length > 0 && r.items[0].equals("a7")).items)
                    .contains("b0");
            assertThat(j.exists(RedisKeys.userRecommendations("carol"))).isFalse();

            // The shop deletes its bestseller: it leaves the popular lists too, the site's and the overall one.
            STACK.kafka().send(Topics.ITEM_FACTORS, "a7", null);
            waitForList(j, RedisKeys.popularItems("shop-1"), r -> r.items.length > 0 && !Arrays.asList(r.items).contains("a7"));
            waitForList(j, RedisKeys.popularItems(Recommendation.ALL_SITES), r -> r.items.length > 0 && !Arrays.asList(r.items).contains("a7"));
        }

        List<String> reasons = STACK.kafka().read(Topics.DEAD_LETTERS, 2, Duration.ofSeconds(30)).stream()
                .limit(2)
                .map(r -> parse(r.value(), DeadLetter.class).reason).toList();
        assertThat(reasons).anySatisfy(s -> assertThat(s).contains("factors missing"))
                .anySatisfy(s -> assertThat(s).startsWith("missing required field"));
        assertThat(STACK.kafka().read(Topics.DEAD_LETTERS, 3, Duration.ofSeconds(5))).as("the tombstone is no dead letter")
                .noneSatisfy(r -> assertThat(r.value()).contains("empty payload"));
        assertThat(STACK.kafka().read(Topics.RECOMMENDATIONS, 3, Duration.ofSeconds(30))).isNotEmpty();
        assertThat(job.getJobStatus().get()).isEqualTo(JobStatus.RUNNING);
        job.cancel().get();
    }

    /**
     * An upgrade's path: stop with a savepoint, start the job again from it (every savepoint state must map to an
     * operator by uid) reading only new events; what the site's popular list knew before the stop is still counted.
     */
    @Test
    @Order(2)
    void aSavepointCarriesTheStateIntoTheNextRun(@TempDir Path savepoints) throws Exception {
        String site = "shop-sp";
        StreamExecutionEnvironment before = STACK.environment();
        before.setParallelism(2);
        RecommendationsJob.wireProduction(before, popularRunOptions("earliest"));
        JobClient first = before.executeAsync("recs-before-upgrade");
        try (Jedis j = STACK.redis().client()) {
            for (int u = 0; u < 3; u++) click(site, "sp-buyer-" + u, "purchase", "sp-old");
            waitForList(j, RedisKeys.popularItems(site), r -> Arrays.asList(r.items).contains("sp-old"));
            String savepoint = Savepoints.stop(first, savepoints);
            j.del(RedisKeys.popularItems(site));

            StreamExecutionEnvironment after = STACK.environment();
            after.setParallelism(2);
            // Reading from the latest offsets: without the savepoint's offsets and state this run would not see sp-old at all.
            RecommendationsJob.wireProduction(after, popularRunOptions("latest"));
            JobClient second = Savepoints.resume(after, savepoint, "recs-after-upgrade");

            click(site, "sp-buyer-9", "purchase", "sp-new");
            Recommendation popular = waitForList(j, RedisKeys.popularItems(site), r -> Arrays.asList(r.items).contains("sp-new"));
            assertThat(popular.items).containsExactly("sp-old", "sp-new");
            assertThat(popular.scores[0]).isGreaterThan(2 * popular.scores[1]);
            assertThat(second.getJobStatus().get()).isEqualTo(JobStatus.RUNNING);
            second.cancel().get();
        }
    }

    /**
     * Scaling out: stopped with a savepoint at parallelism 2, resumed at 3. The new third subtask takes over key groups
     * from the second (a shopper's history and row), receives a copy of the broadcast catalogue and the item side's
     * user Gram, and the sites' popular counts go on; every operator keeps the 128 key groups of flink-conf.
     */
    @Test
    @Order(3)
    void aSavepointRestoresAtAHigherParallelism(@TempDir Path savepoints, @InjectMiniCluster MiniCluster cluster,
                                                @InjectClusterRESTAddress URI flinkRest) throws Exception {
        String site = "shop-rescale";
        String shopper = userOnSubtask("rescaled-", 3, 2); // on the second subtask of two before, on the new third after
        assertThat(KeyGroupRangeAssignment.assignKeyToParallelOperator(shopper, 128, 2)).isEqualTo(1);
        StreamExecutionEnvironment before = STACK.environment();
        before.setParallelism(2);
        RecommendationsJob.wireProduction(before, listRunOptions("earliest"));
        JobClient first = before.executeAsync("recs-before-rescale");
        try (Jedis j = STACK.redis().client()) {
            for (int u = 0; u < 3; u++) click(site, "rs-buyer-" + u, "purchase", "rs-old");
            waitForList(j, RedisKeys.popularItems(site), r -> Arrays.asList(r.items).contains("rs-old"));
            // Her views until she has a list: one processed before her subtask read the catalogue leaves her row at zero.
            waitFor(() -> {
                click(shopper, "page_view", "a1");
                click(shopper, "page_view", "a2");
                Recommendation r = list(j, RedisKeys.userRecommendations(shopper));
                return r != null && Collections.disjoint(Arrays.asList(r.items), List.of("a1", "a2"));
            });
            String savepoint = Savepoints.stop(first, savepoints);
            j.del(RedisKeys.popularItems(site), RedisKeys.userRecommendations(shopper));

            StreamExecutionEnvironment after = STACK.environment();
            after.setParallelism(3);
            RecommendationsJob.wireProduction(after, listRunOptions("latest"));
            JobClient second = Savepoints.resume(after, savepoint, "recs-after-rescale");

            click(site, "rs-buyer-9", "purchase", "rs-new");
            click(shopper, "page_view", "a3");
            Recommendation popular = waitForList(j, RedisKeys.popularItems(site), r -> Arrays.asList(r.items).contains("rs-new"));
            assertThat(popular.items).containsExactly("rs-old", "rs-new");
            assertThat(popular.scores[0]).isGreaterThan(2 * popular.scores[1]);
            // Her list after the rescale: her history came along (a1, a2 and the new a3 left out), the catalogue too (a
            // subtask without it writes no personal list). Which items lead depends on what earlier tests did to the rows.
            // (A refresh restored from the savepoint may write her list once before her a3 view is processed.)
            Recommendation list;
            try {
                list = waitForList(j, RedisKeys.userRecommendations(shopper), r -> !Arrays.asList(r.items).contains("a3"));
            } catch (AssertionError missing) { // failed 2 in 8 full-module runs on 2026-11-24, never alone: say what the user side did
                throw new AssertionError(missing.getMessage() + "; " + TaskMetrics.describe(flinkRest, second.getJobID(), "user rows + lists",
                        Pattern.compile("interactions|userListsWritten|catalogItems|lastScoringBatch|numRecordsIn$")), missing);
            }
            assertThat(list.items).hasSize(10).doesNotContain("a1", "a2");
            var graph = cluster.getExecutionGraph(second.getJobID()).get();
            assertThat(graph.getAllVertices().values()).filteredOn(v -> v.getName().equals("user rows + lists")).singleElement()
                    .satisfies(v -> {
                        assertThat(v.getParallelism()).isEqualTo(3);
                        assertThat(v.getMaxParallelism()).isEqualTo(128);
                    });
            assertThat(second.getJobStatus().get()).isEqualTo(JobStatus.RUNNING);
            second.cancel().get();
        }
    }

    /**
     * The antibot's point: once a scraper is judged (its verdict on bot-verdicts), its views stop reaching the popular
     * lists, while a visitor nobody judged still counts.
     */
    @Test
    @Order(4)
    void aJudgedScrapersViewsStopReachingThePopularList() throws Exception {
        String site = "shop-bots";
        BotVerdict judged = new BotVerdict();
        judged.userId = "scraper-judged";
        judged.stage = BotVerdict.SESSION_END;
        judged.verdict = BotVerdict.BOT;
        judged.score = 0.99;
        STACK.kafka().send(Topics.BOT_VERDICTS, judged.userId, Json.toString(judged));
        StreamExecutionEnvironment env = STACK.environment();
        env.setParallelism(2);
        RecommendationsJob.wireProduction(env, RecsJobOptions.fromArgs(new String[] {"--kafka", STACK.kafka().bootstrap(),
                "--redis", STACK.redis().uri(), "--start-from", "latest", "--factors", String.valueOf(K), "--popular-every-ms", "300",
                "--group-id", "recs-bots-it"}));
        JobClient job = env.executeAsync("recs-bots");
        Thread.sleep(5_000); // the verdicts table is read from its start while the job comes up
        for (int i = 0; i < 30; i++) click(site, "scraper-judged", "page_view", "scraped-item");
        for (int i = 0; i < 10; i++) click(site, "scraper-unjudged", "page_view", "other-item");
        for (int u = 0; u < 3; u++) click(site, "person-" + u, "purchase", "real-item");
        try (Jedis j = STACK.redis().client()) {
            Recommendation popular = waitForList(j, RedisKeys.popularItems(site),
                    r -> Arrays.asList(r.items).containsAll(List.of("real-item", "other-item")));
            assertThat(popular.items).contains("real-item", "other-item").doesNotContain("scraped-item");
        }
        job.cancel().get();
    }

    static RecsJobOptions listRunOptions(String startFrom) {
        return RecsJobOptions.fromArgs(new String[] {"--kafka", STACK.kafka().bootstrap(), "--redis", STACK.redis().uri(),
                "--start-from", startFrom, "--factors", String.valueOf(K), "--popular-every-ms", "300", "--top-n", "10",
                "--refresh-interval-ms", "300", "--group-id", "recs-rescale-it"});
    }

    static RecsJobOptions popularRunOptions(String startFrom) {
        return RecsJobOptions.fromArgs(new String[] {"--kafka", STACK.kafka().bootstrap(), "--redis", STACK.redis().uri(),
                "--start-from", startFrom, "--factors", String.valueOf(K), "--popular-every-ms", "300"});
    }

    /** A user id whose key lands on the given user-side subtask (parallelism 2, max parallelism 128). */
    static String userOnSubtask(int subtask) {
        return userOnSubtask("warm-", 2, subtask);
    }

    /** A user id with the prefix whose key lands on the subtask at the parallelism (max parallelism 128, flink-conf). */
    static String userOnSubtask(String prefix, int parallelism, int subtask) {
        for (int n = 0; ; n++) {
            String id = prefix + n;
            if (KeyGroupRangeAssignment.assignKeyToParallelOperator(id, 128, parallelism) == subtask) return id;
        }
    }
}
