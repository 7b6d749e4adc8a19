package com.streamlens.jobs.content;

import static com.streamlens.jobs.testing.RecommendationLists.list;
import static com.streamlens.jobs.testing.RecommendationLists.parse;
import static com.streamlens.jobs.testing.RecommendationLists.waitFor;
import static com.streamlens.jobs.testing.RecommendationLists.waitForList;
import static org.assertj.core.api.Assertions.assertThat;

import com.streamlens.jobs.testing.JobGraphs;
import com.streamlens.jobs.testing.JobTestStack;
import com.streamlens.jobs.testing.Savepoints;
import com.streamlens.state.Topics;
import com.streamlens.state.events.DeadLetter;
import com.streamlens.state.records.Recommendation;
import com.streamlens.state.redis.RedisKeys;
import com.streamlens.state.serde.Json;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;

/** The content job end to end: real Kafka in, a RocksDB MiniCluster at parallelism 2, real Redis and Kafka out. */
class ContentRecsJobIT {
    @RegisterExtension
    static final JobTestStack STACK = JobTestStack.create();

    /** A store's catalogue in Russian and English: tyres, wheels, milk, phones. */
    static final Map<String, String> TITLES = new LinkedHashMap<>();

    static {
        TITLES.put("tyre-1", "Шины летние Nokian Hakka 205/55 R16 для Toyota Corolla");
        TITLES.put("tyre-2", "Шины зимние Michelin X-Ice 205/55 R16");
        TITLES.put("tyre-3", "Шина летняя Continental EcoContact 195/65 R15");
        TITLES.put("tyre-4", "Summer tyres Pirelli Cinturato 205/55 R16 for Toyota Corolla");
        TITLES.put("milk-1", "Молоко Простоквашино 3.2% 1 л");
        TITLES.put("milk-2", "Молоко ультрапастеризованное Parmalat 1 л");
        TITLES.put("phone-1", "Смартфон Apple iPhone 15 128 ГБ черный");
        TITLES.put("phone-2", "Smartphone Samsung Galaxy S24 256GB black");
        TITLES.put("kettle-1", "Чайник электрический Bosch 1.7 л стеклянный");
        TITLES.put("kettle-2", "Electric kettle Tefal 1.7 l stainless steel");
    }

    static void view(String user, String item, String title) throws Exception {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("schema", 1);
        e.put("event_id", user + "-" + item + "-" + System.nanoTime());
        e.put("type", "page_view");
        e.put("site_id", "shop-1");
        e.put("user_id", user);
        e.put("session_id", "s-" + user);
        e.put("ts", System.currentTimeMillis());
        e.put("item_id", item);
        e.put("url", "https://shop-1.example/p/" + item);
        e.put("title", title + " | shop-1 — купить по лучшей цене");
        e.put("h1", title);
        STACK.kafka().send(Topics.CLICKSTREAM, user, Json.toString(e));
    }

    @Test
    void aTyreReaderGetsTyresNewTyresJoinTheirListAndBadEventsGoToTheDlq() throws Exception {
        STACK.kafka().send(Topics.CLICKSTREAM, "x", "{\"schema\":1,\"type\":\"page_view\",\"site_id\":\"shop-1\"}");
        // The catalogue becomes known as visitors read it.
        for (Map.Entry<String, String> item : TITLES.entrySet()) view("crawler", item.getKey(), item.getValue());

        StreamExecutionEnvironment env = STACK.environment();
        env.setParallelism(2);
        ContentRecsJob.wireProduction(env, ContentJobOptions.fromArgs(new String[] {
                "--kafka", STACK.kafka().bootstrap(), "--redis", STACK.redis().uri(), "--start-from", "earliest",
                "--top-n", "5", "--refresh-delay-ms", "200"}));
        assertThat(JobGraphs.operatorsWithoutUid(env)).as("operators a savepoint could not map back").isEmpty();
        JobClient job = env.executeAsync("content-it");
        JobClient running = job;
        try (Jedis j = STACK.redis().client()) {
            waitForList(j, RedisKeys.contentRecommendations("crawler"), r -> true); // the job is up and has read the catalogue

            view("anna", "tyre-1", TITLES.get("tyre-1"));
            view("anna", "tyre-2", TITLES.get("tyre-2"));
            Recommendation anna = waitForList(j, RedisKeys.contentRecommendations("anna"),
                    r -> r.items.length >= 2 && !Arrays.asList(r.items).contains("tyre-1") && !Arrays.asList(r.items).contains("tyre-2"));
            assertThat(Arrays.copyOf(anna.items, 2)).as("tyres first: " + Arrays.toString(anna.items)).allMatch(i -> i.startsWith("tyre-"));
            for (int i = 2; i < anna.items.length; i++) { // anything else shares no tyre tag: far below
                if (!anna.items[i].startsWith("tyre-")) assertThat(anna.scores[i]).isLessThan(anna.scores[1] / 2);
            }
            assertThat(anna.kind).isEqualTo(Recommendation.CONTENT);
            assertThat(j.ttl(RedisKeys.contentRecommendations("anna"))).isPositive();
            Recommendation profile = waitForList(j, RedisKeys.userProfile("anna"), r -> r.items.length > 0);
            assertThat(profile.items).contains("шин", "205/55", "r16").doesNotContain("купит", "shop", "цен");

            // The recommendations job's iALS list for anna (read back from the topic) blends with her content candidates.
            STACK.kafka().send(Topics.RECOMMENDATIONS, "user:anna", "{\"kind\":\"user\",\"id\":\"anna\",\"items\":[\"phone-2\",\"tyre-3\"],"
                    + "\"scores\":[0.8,0.3],\"model_version\":1,\"ts\":" + System.currentTimeMillis() + "}");
            Recommendation hybrid = waitForList(j, RedisKeys.hybridRecommendations("anna"), r -> r.items.length > 2);
            assertThat(hybrid.kind).isEqualTo(Recommendation.HYBRID);
            assertThat(hybrid.items[0]).as("iALS's best leads a regular's list").isEqualTo("phone-2");
            assertThat(hybrid.items).contains("tyre-3", "tyre-4").doesNotContain("tyre-1", "tyre-2");

            // A brand-new tyre that nobody has visited, announced by the store on the items topic, reaches anna's list at once,
            // without a click of hers; one first read by someone else joins it with her next click.
            STACK.kafka().send(Topics.ITEMS, "shop-1:tyre-new", "{\"item_id\":\"tyre-new\",\"site_id\":\"shop-1\","
                    + "\"title\":\"Шина летняя Nokian Hakka Blue 3 205/55 R16\",\"category\":\"Авто/Шины/Летние\",\"price\":6990}");
            STACK.kafka().send(Topics.ITEMS, "shop-1:bad", "{\"item_id\":\"bad\",\"site_id\":\"shop-1\"}"); // no title: DLQ
            waitForList(j, RedisKeys.contentRecommendations("anna"), r -> Arrays.asList(r.items).contains("tyre-new"));
            view("boris", "tyre-read", "Шины летние Michelin Primacy 205/55 R16");
            waitFor(() -> {
                view("anna", "tyre-1", TITLES.get("tyre-1"));
                Recommendation r = list(j, RedisKeys.contentRecommendations("anna"));
                return r != null && Arrays.asList(r.items).contains("tyre-read");
            });
            // iALS has no row for the new tyre: its similar items come from content.
            Recommendation similar = waitForList(j, RedisKeys.similarByContent("tyre-new"), r -> r.items.length > 0);
            assertThat(similar.items[0]).startsWith("tyre-");

            // An upgrade: stop with a savepoint, resume from it reading only new events. The catalogue comes back from
            // broadcast state (a new visitor's list has the tyres read before the stop), anna's profile from keyed state.
            String savepoint = Savepoints.stop(job, STACK.work().resolve("savepoints"));
            StreamExecutionEnvironment upgraded = STACK.environment();
            upgraded.setParallelism(2);
            ContentRecsJob.wireProduction(upgraded, ContentJobOptions.fromArgs(new String[] {
                    "--kafka", STACK.kafka().bootstrap(), "--redis", STACK.redis().uri(), "--start-from", "latest",
                    "--top-n", "5", "--refresh-delay-ms", "200"}));
            running = Savepoints.resume(upgraded, savepoint, "content-it-upgraded");
            waitFor(() -> {
                view("kirill", "tyre-3", TITLES.get("tyre-3"));
                Recommendation r = list(j, RedisKeys.contentRecommendations("kirill"));
                return r != null && r.items.length > 0 && r.items[0].startsWith("tyre-");
            });
            j.del(RedisKeys.userProfile("anna"));
            Recommendation restored = waitForList(j, RedisKeys.userProfile("anna"), r -> true, () -> view("anna", "milk-1", TITLES.get("milk-1")));
            assertThat(restored.items).as("her tyre tags from before the stop, and the milk").contains("шин", "молок");
        } finally {
            running.cancel().get();
        }
        List<DeadLetter> dead = STACK.kafka().read(Topics.DEAD_LETTERS, 2, Duration.ofSeconds(30)).stream()
                .map(r -> parse(r.value(), DeadLetter.class)).toList();
        assertThat(dead).allSatisfy(d -> assertThat(d.job).isEqualTo(ContentJobOptions.JOB_NAME))
                .anySatisfy(d -> assertThat(d.sourceTopic).isEqualTo(Topics.CLICKSTREAM))
                .anySatisfy(d -> {
                    assertThat(d.sourceTopic).isEqualTo(Topics.ITEMS);
                    assertThat(d.reason).isEqualTo("missing required field 'title'");
                });
        assertThat(STACK.kafka().read(Topics.RECOMMENDATIONS, 2, Duration.ofSeconds(30)))
                .anySatisfy(r -> assertThat(parse(r.value(), Recommendation.class).kind).isIn(Recommendation.CONTENT, Recommendation.PROFILE));
    }
}
