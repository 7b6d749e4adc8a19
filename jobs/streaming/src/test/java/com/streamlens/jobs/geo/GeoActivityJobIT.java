package com.streamlens.jobs.geo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.streamlens.jobs.testing.Failover;
import com.streamlens.jobs.testing.JobGraphs;
import com.streamlens.jobs.testing.JobTestStack;
import com.streamlens.jobs.testing.Repository;
import com.streamlens.jobs.testing.Savepoints;
import com.streamlens.jobs.testing.SqlGatewayServer;
import com.streamlens.operators.geo.GeoMapSnapshot;
import com.streamlens.operators.geo.SiteSpeed;
import com.streamlens.operators.io.kafka.KafkaIO;
import com.streamlens.operators.testing.RedisServer;
import com.streamlens.state.Topics;
import com.streamlens.state.events.DeadLetter;
import com.streamlens.state.records.GeoCellStats;
import com.streamlens.state.redis.RedisKeys;
import com.streamlens.state.serde.Json;
import com.uber.h3core.H3Core;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.InjectClusterRESTAddress;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;

/** The geo job end to end: real Kafka broker in, RocksDB MiniCluster, real Kafka and redis-server out. */
class GeoActivityJobIT {
    @RegisterExtension
    static final JobTestStack STACK = JobTestStack.create();

    @BeforeAll
    static void topicsExist() {
        assertThat(STACK.createdTopics()).contains(Topics.CLICKSTREAM, Topics.DEAD_LETTERS);
    }

    static final long WINDOW = 30_000;
    /** A recent window boundary (events must not look older than 2000 or from the future). */
    static final long T0 = (System.currentTimeMillis() / WINDOW) * WINDOW - 20 * WINDOW;

    static String event(String id, String type, String user, long ts, String extra) {
        return ("{'schema':1,'event_id':'" + id + "','type':'" + type + "','site_id':'shop-1','user_id':'" + user
                + "','session_id':'s-" + user + "','ts':" + ts + (extra.isEmpty() ? "" : "," + extra) + "}").replace('\'', '"');
    }

    static final String MOSCOW = "'lat':55.7512,'lon':37.6184";
    static final String BERLIN = "'lat':52.5200,'lon':13.4050";

    @Test
    void aggregatesKnownEventsIntoKafkaAndRedisAndDeadLettersBadInput(@InjectClusterRESTAddress URI flinkRest,
                                                                      @InjectMiniCluster MiniCluster cluster) throws Exception {
        H3Core h3 = H3Core.newInstance();
        String moscow = h3.latLngToCellAddress(55.7512, 37.6184, 5);
        String berlin = h3.latLngToCellAddress(52.52, 13.405, 5);

        // Window [T0, T0+30 s): Moscow 5 hits by 3 users + 5 timing beacons; Berlin 2 hits by one user.
        String[] users = {"u1", "u2", "u3", "u1", "u2"};
        for (int i = 0; i < users.length; i++) {
            STACK.kafka().send(Topics.CLICKSTREAM, users[i], event("v" + i, "page_view", users[i], T0 + 1000 + i, MOSCOW + ",'url':'https://shop-1/p" + i + "'"));
        }
        int[] loads = {100, 200, 300, 400, 5000};
        for (int i = 0; i < loads.length; i++) {
            STACK.kafka().send(Topics.CLICKSTREAM, "u1", event("t" + i, "page_timing", "u1", T0 + 2000 + i, MOSCOW + ",'timing':{'load_ms':" + loads[i] + "}"));
        }
        STACK.kafka().send(Topics.CLICKSTREAM, "u7", event("c1", "add_to_cart", "u7", T0 + 3000, BERLIN + ",'item_id':'i1'"));
        STACK.kafka().send(Topics.CLICKSTREAM, "u7", event("c2", "add_to_cart", "u7", T0 + 3001, BERLIN + ",'item_id':'i2'"));
        STACK.kafka().send(Topics.CLICKSTREAM, "u8", event("ip", "page_view", "u8", T0 + 4000, "'ip':'10.0.0.8','url':'https://shop-1/'"));
        // Malformed input: the job must route it to the DLQ and keep running.
        STACK.kafka().send(Topics.CLICKSTREAM, "x", "{this is not json");
        STACK.kafka().send(Topics.CLICKSTREAM, "x", event("bad-lat", "page_view", "u9", T0 + 5000, "'lat':123.0,'lon':1.0,'url':'u'"));
        STACK.kafka().send(Topics.CLICKSTREAM, "x", event("no-user", "page_view", "", T0 + 5000, "'url':'u'"));
        // Pushes event time past the window (out-of-orderness 1 s) so it fires; far away in Sydney.
        STACK.kafka().send(Topics.CLICKSTREAM, "u0", event("push", "page_view", "u0", T0 + 2 * WINDOW + 5000, "'lat':-33.86,'lon':151.2,'url':'u'"));

        StreamExecutionEnvironment env = STACK.environment();
        env.setParallelism(2);
        GeoActivityJob.wireProduction(env, options("earliest"));
        assertThat(JobGraphs.operatorsWithoutUid(env)).as("operators a savepoint could not map back").isEmpty();
        JobClient job = env.executeAsync("geo-it");
        try (Jedis j = STACK.redis().client()) {
            String cellJson = waitForKey(j, RedisKeys.geoCell(5, moscow));
            GeoCellStats m = Json.MAPPER.readValue(cellJson, GeoCellStats.class);
            assertThat(m.hits).isEqualTo(5);
            assertThat(m.users).isEqualTo(3);
            assertThat(m.timings).isEqualTo(5);
            assertThat(m.loadMsTrimmedMedian).isEqualTo(250.0);
            assertThat(m.windowStart).isEqualTo(T0);
            assertThat(m.windowEnd).isEqualTo(T0 + WINDOW);
            assertThat(j.ttl(RedisKeys.geoCell(5, moscow))).isBetween(1L, 90L);

            GeoMapSnapshot map = Json.MAPPER.readValue(waitForKey(j, RedisKeys.geoMap(5)), GeoMapSnapshot.class);
            assertThat(map.windowStart).isEqualTo(T0);
            assertThat(map.totalHits).isEqualTo(7);
            assertThat(map.cells).extracting(c -> c.cell).containsExactly(moscow, berlin);
            assertThat(map.cells.get(1).loadMsTrimmedMedian).isNull();

            SiteSpeed speed = Json.MAPPER.readValue(waitForKey(j, RedisKeys.siteSpeed("shop-1")), SiteSpeed.class);
            assertThat(speed.samples).isEqualTo(5);
            assertThat(speed.loadMsTrimmedMedian).isEqualTo(250.0);
            assertThat(speed.asOf).isEqualTo(T0 + WINDOW);
        }

        List<ConsumerRecord<String, String>> cellRows = STACK.kafka().read(Topics.GEO_ACTIVITY_30S, 2, Duration.ofSeconds(30));
        Map<String, GeoCellStats> cells = cellRows.stream()
                .collect(Collectors.toMap(ConsumerRecord::key, r -> parse(r.value(), GeoCellStats.class)));
        assertThat(cells).containsOnlyKeys(moscow, berlin);
        assertThat(cells.get(moscow).hits).isEqualTo(5);
        assertThat(cells.get(moscow).loadMsTrimmedMedian).isEqualTo(250.0);
        assertThat(cells.get(berlin).hits).isEqualTo(2);
        assertThat(cells.get(berlin).users).isEqualTo(1);

        // A late event for the window that already fired is reported, not silently dropped.
        STACK.kafka().send(Topics.CLICKSTREAM, "u1", event("late", "page_view", "u1", T0 + 1500, MOSCOW + ",'url':'u'"));
        List<ConsumerRecord<String, String>> deadRows = STACK.kafka().read(Topics.DEAD_LETTERS, 4, Duration.ofSeconds(30));
        List<DeadLetter> dead = deadRows.stream().map(r -> parse(r.value(), DeadLetter.class)).toList();
        assertThat(dead).extracting(d -> d.reason).hasSize(4).anySatisfy(r -> assertThat(r).startsWith("bad JSON"))
                .anySatisfy(r -> assertThat(r).startsWith("absurd position"))
                .anySatisfy(r -> assertThat(r).isEqualTo("missing required field 'user_id'"))
                .anySatisfy(r -> assertThat(r).startsWith("late:"));
        assertThat(dead).filteredOn(d -> d.reason.startsWith("bad JSON")).singleElement()
                .satisfies(d -> assertThat(d.payload).isEqualTo("{this is not json"));
        assertThat(dead).filteredOn(d -> d.reason.startsWith("late:")).singleElement()
                .satisfies(d -> assertThat(d.payload).as("the late event whole, replayable").contains("\"event_id\":\"late\""));

        assertThat(job.getJobStatus().get()).as("bad input did not kill the job").isEqualTo(JobStatus.RUNNING);
        assertThat(Failover.completedCheckpoints(cluster, job.getJobID())).as("periodic checkpoints, as in production").isPositive();

        // What a restart under at-least-once delivery leaves: rows of the last checkpoint interval sent again, identical.
        for (ConsumerRecord<String, String> r : List.of(cellRows.get(0), deadRows.get(0), deadRows.get(3))) {
            STACK.kafka().send(r.topic(), r.key(), r.value());
        }

        // Analysts see the job's rows as a live SQL table through the gateway and the JDBC driver; the example queries
        // count each window and each rejected record once.
        try (SqlGatewayServer gateway = SqlGatewayServer.start(flinkRest, STACK.kafka().bootstrap(), STACK.work().resolve("gateway"))) {
            // The demo window is 20 windows old: widen the example's five minutes to the test's hour.
            List<Map<String, Object>> rows = gateway.runQueryFile(Repository.path("sql", "queries", "hottest_cells_last_5_minutes.sql"),
                    sql -> sql.replace("5 * 60 * 1000", "60 * 60 * 1000"));
            assertThat(rows).extracting(r -> r.get("cell") + "=" + r.get("hits")).containsExactly(moscow + "=5", berlin + "=2");
            assertThat(rows.get(0).get("avg_load_ms")).isEqualTo(250.0);
            List<Map<String, Object>> reasons = gateway.runQueryFile(Repository.path("sql", "queries", "dead_letters_by_reason.sql"), sql -> sql);
            assertThat(reasons).extracting(r -> r.get("source_topic") + "/" + r.get("reason_kind") + "=" + r.get("events") + " by " + r.get("jobs"))
                    .containsExactlyInAnyOrder("clickstream/bad JSON=1 by 1", "clickstream/absurd position=1 by 1",
                            "clickstream/missing required field 'user_id'=1 by 1", "clickstream/late=1 by 1");
        }

        // An upgrade mid-window: the Sydney hit's window [T0+60 s, T0+90 s) has not fired; stop with a savepoint, run
        // again from it, add a second Sydney hit to that window and push event time past it: the window counts both.
        String savepoint = Savepoints.stop(job, STACK.work().resolve("savepoints"));
        StreamExecutionEnvironment upgraded = STACK.environment();
        upgraded.setParallelism(2);
        GeoActivityJob.wireProduction(upgraded, options("latest"));
        JobClient resumed = Savepoints.resume(upgraded, savepoint, "geo-it-upgraded");
        String sydney = h3.latLngToCellAddress(-33.86, 151.2, 5);
        STACK.kafka().send(Topics.CLICKSTREAM, "u0", event("sydney-2", "page_view", "u5", T0 + 2 * WINDOW + 6000, "'lat':-33.86,'lon':151.2,'url':'u'"));
        STACK.kafka().send(Topics.CLICKSTREAM, "u0", event("push-2", "page_view", "u0", T0 + 4 * WINDOW, "'url':'u'"));
        try (Jedis j = STACK.redis().client()) {
            GeoCellStats sy = Json.MAPPER.readValue(waitForKey(j, RedisKeys.geoCell(5, sydney)), GeoCellStats.class);
            assertThat(sy.windowStart).isEqualTo(T0 + 2 * WINDOW);
            assertThat(sy.hits).as("the hit from before the savepoint and the one after").isEqualTo(2);
            assertThat(sy.users).isEqualTo(2);
        }
        assertThat(resumed.getJobStatus().get()).isEqualTo(JobStatus.RUNNING);
        resumed.cancel().get();
    }

    static GeoJobOptions options(String startFrom) {
        return GeoJobOptions.fromArgs(new String[] {
                "--kafka", STACK.kafka().bootstrap(), "--redis", STACK.redis().uri(), "--start-from", startFrom,
                "--out-of-orderness-ms", "1000", "--idleness-ms", "500", "--group-id", "geo-it"});
    }

    @Test
    void theExactlyOnceKafkaSinkCommitsItsTransactionsOnCheckpoints() throws Exception {
        STACK.kafka().createTopic("eo-site-speed", 1);
        StreamExecutionEnvironment env = STACK.environment();
        env.setParallelism(1);
        List<SiteSpeed> speeds = List.of(new SiteSpeed("a", T0, 1, 1, 10.0), new SiteSpeed("b", T0, 2, 2, 20.0),
                new SiteSpeed("c", T0, 3, 3, 30.0));
        env.fromData(speeds, org.apache.flink.api.common.typeinfo.TypeInformation.of(SiteSpeed.class))
                .sinkTo(KafkaIO.jsonSink(STACK.kafka().bootstrap(), "eo-site-speed", s -> s.siteId,
                        org.apache.flink.connector.base.DeliveryGuarantee.EXACTLY_ONCE, "eo-it"));
        env.execute("exactly-once-it"); // bounded: the final checkpoint commits the last transaction

        List<ConsumerRecord<String, String>> committed = STACK.kafka().read("eo-site-speed", 3, Duration.ofSeconds(30));
        assertThat(committed).extracting(ConsumerRecord::key).containsExactly("a", "b", "c");
        assertThat(parse(committed.get(1).value(), SiteSpeed.class).loadMsTrimmedMedian).isEqualTo(20.0);
    }

    @Test
    void aMissingTopicIsAClearStartUpErrorNotARestartLoop() {
        assertThatThrownBy(() -> KafkaIO.requireTopics(STACK.kafka().bootstrap(), List.of(Topics.CLICKSTREAM, "no-such-topic")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("[no-such-topic] do not exist")
                .hasMessageContaining("scripts/create-topics --kafka " + STACK.kafka().bootstrap()); // the command it names must run as written
    }

    @Test
    void anUnusableRedisIsAClearStartUpErrorNotARestartLoop() throws Exception {
        int closed = RedisServer.freePort();
        StreamExecutionEnvironment env = STACK.environment();
        assertThatThrownBy(() -> GeoActivityJob.wireProduction(env, GeoJobOptions.fromArgs(new String[] {
                "--kafka", STACK.kafka().bootstrap(), "--redis", "redis://127.0.0.1:" + closed})))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("cannot use Redis at redis://127.0.0.1:" + closed + "/0 (--redis)");
    }

    @Test
    void badConfigurationIsAClearStartUpError() {
        assertThatThrownBy(() -> GeoJobOptions.fromArgs(new String[] {"--h3-resolution", "17"}))
                .hasMessage("--h3-resolution must be in 0..15, got 17");
        assertThatThrownBy(() -> GeoJobOptions.fromArgs(new String[] {"--delivery", "maybe"}))
                .hasMessageContaining("--delivery must be at-least-once or exactly-once");
        assertThatThrownBy(() -> GeoJobOptions.fromArgs(new String[] {"--redis", "http://x"}).common().redis())
                .hasMessageContaining("redis://host:port");
        assertThat(GeoJobOptions.fromArgs(new String[] {"--redis", "redis://app:s3cret@cache:6380/2"}).toString())
                .as("options are logged at start-up without the Redis password")
                .contains("redis://***@cache:6380/2").doesNotContain("s3cret");
    }

    static String waitForKey(Jedis j, String key) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 90_000;
        while (System.currentTimeMillis() < deadline) {
            String v = j.get(key);
            if (v != null) return v;
            Thread.sleep(100);
        }
        throw new AssertionError("Redis key " + key + " never appeared; keys now: " + j.keys("*"));
    }

    static <T> T parse(String json, Class<T> type) {
        try {
            return Json.MAPPER.readValue(json, type);
        } catch (Exception e) {
            throw new AssertionError("unparsable " + type.getSimpleName() + ": " + json, e);
        }
    }
}
