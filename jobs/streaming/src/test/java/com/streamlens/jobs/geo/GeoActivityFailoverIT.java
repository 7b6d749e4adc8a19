package com.streamlens.jobs.geo;

import static com.streamlens.jobs.geo.GeoActivityJobIT.BERLIN;
import static com.streamlens.jobs.geo.GeoActivityJobIT.MOSCOW;
import static com.streamlens.jobs.geo.GeoActivityJobIT.T0;
import static com.streamlens.jobs.geo.GeoActivityJobIT.WINDOW;
import static com.streamlens.jobs.geo.GeoActivityJobIT.event;
import static com.streamlens.jobs.geo.GeoActivityJobIT.parse;
import static com.streamlens.jobs.geo.GeoActivityJobIT.waitForKey;
import static org.assertj.core.api.Assertions.assertThat;

import com.streamlens.jobs.testing.Failover;
import com.streamlens.jobs.testing.JobTestStack;
import com.streamlens.jobs.testing.Repository;
import com.streamlens.jobs.testing.SqlGatewayServer;
import com.streamlens.state.Topics;
import com.streamlens.state.records.GeoCellStats;
import com.streamlens.state.redis.RedisKeys;
import com.uber.h3core.H3Core;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.InjectClusterRESTAddress;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;

/**
 * A task manager dies after a window's results went out but before the checkpoint that commits them: the job restarts
 * from its last checkpoint on the production restart strategy, and readers see every result exactly once.
 */
class GeoActivityFailoverIT {
    @RegisterExtension
    static final JobTestStack STACK = JobTestStack.forFailover();

    @Test
    void aCrashBetweenCheckpointsNeitherLosesNorDuplicatesWindowResults(@InjectMiniCluster MiniCluster cluster,
                                                                      @InjectClusterRESTAddress URI flinkRest) throws Exception {
        H3Core h3 = H3Core.newInstance();
        String moscow = h3.latLngToCellAddress(55.7512, 37.6184, 5);
        String berlin = h3.latLngToCellAddress(52.52, 13.405, 5);
        // Window [T0, T0+30 s): Moscow 5 hits by 3 users with 5 timings, Berlin 2 hits; then a malformed event.
        String[] users = {"u1", "u2", "u3", "u1", "u2"};
        for (int i = 0; i < users.length; i++) {
            STACK.kafka().send(Topics.CLICKSTREAM, users[i], event("v" + i, "page_view", users[i], T0 + 1000 + i, MOSCOW + ",'url':'u'"));
            STACK.kafka().send(Topics.CLICKSTREAM, "u1", event("t" + i, "page_timing", "u1", T0 + 2000 + i, MOSCOW + ",'timing':{'load_ms':" + (i + 1) * 100 + "}"));
        }
        STACK.kafka().send(Topics.CLICKSTREAM, "u7", event("c1", "page_view", "u7", T0 + 3000, BERLIN + ",'url':'u'"));
        STACK.kafka().send(Topics.CLICKSTREAM, "u7", event("c2", "page_view", "u7", T0 + 3001, BERLIN + ",'url':'u'"));
        STACK.kafka().send(Topics.CLICKSTREAM, "x", "{this is not json");

        StreamExecutionEnvironment env = STACK.environment();
        env.setParallelism(2);
        GeoActivityJob.wireProduction(env, GeoJobOptions.fromArgs(new String[] {
                "--kafka", STACK.kafka().bootstrap(), "--redis", STACK.redis().uri(), "--start-from", "earliest",
                "--out-of-orderness-ms", "1000", "--idleness-ms", "500", "--group-id", "geo-failover-it",
                "--delivery", "exactly-once"}));
        JobClient job = env.executeAsync("geo-failover-it");
        JobID id = job.getJobID();

        // Every event above has been read once its dead letter reached the broker (one partition, in order);
        // checkpoint 1 holds the open window in state and the source past all of them.
        assertThat(STACK.kafka().readUncommitted(Topics.DEAD_LETTERS, 1, Duration.ofSeconds(60))).hasSize(1);
        long first = Failover.checkpoint(cluster, id);
        assertThat(STACK.kafka().read(Topics.DEAD_LETTERS, 1, Duration.ofSeconds(30))).as("committed by checkpoint 1").hasSize(1);

        // The window fires: its results reach Redis and the broker, inside a Kafka transaction no checkpoint committed.
        STACK.kafka().send(Topics.CLICKSTREAM, "u0", event("push", "page_view", "u0", T0 + 2 * WINDOW + 5000, "'url':'u'"));
        try (Jedis j = STACK.redis().client()) {
            assertThat(cell(waitForKey(j, RedisKeys.geoCell(5, moscow))).hits).isEqualTo(5);
        }
        assertThat(STACK.kafka().readUncommitted(Topics.GEO_ACTIVITY_30S, 2, Duration.ofSeconds(60))).hasSize(2);
        assertThat(STACK.kafka().read(Topics.GEO_ACTIVITY_30S, 1, Duration.ofSeconds(2))).as("nothing committed yet").isEmpty();

        try (Jedis j = STACK.redis().client()) {
            j.del(RedisKeys.geoCell(5, moscow)); // so that its return shows the window fired again after the restart
            Failover.killTaskManager(cluster);

            // The job comes back from checkpoint 1, replays the push event and fires the window again from restored
            // state; checkpoint 2 commits that second copy; the first copy's transaction died with the task manager.
            assertThat(cell(waitForKey(j, RedisKeys.geoCell(5, moscow))).hits).isEqualTo(5);
        }
        long second = Failover.checkpoint(cluster, id);
        assertThat(second).isGreaterThan(first);
        assertThat(Failover.restoredCheckpoint(cluster, id)).as("resumed from checkpoint 1, not from scratch").isEqualTo(first);
        assertThat(job.getJobStatus().get()).isEqualTo(JobStatus.RUNNING);

        List<ConsumerRecord<String, String>> committed = STACK.kafka().read(Topics.GEO_ACTIVITY_30S, 3, Duration.ofSeconds(5));
        assertThat(committed).extracting(ConsumerRecord::key).as("each cell once").containsExactlyInAnyOrder(moscow, berlin);
        GeoCellStats m = committed.stream().filter(r -> r.key().equals(moscow)).map(r -> cell(r.value())).findFirst().orElseThrow();
        assertThat(m.hits).isEqualTo(5);
        assertThat(m.users).isEqualTo(3);
        assertThat(m.timings).isEqualTo(5);
        assertThat(m.windowStart).isEqualTo(T0);
        assertThat(STACK.kafka().readUncommitted(Topics.GEO_ACTIVITY_30S, 5, Duration.ofSeconds(5)))
                .as("the broker holds the aborted first copy too: the crash really fell between emit and commit").hasSize(4);
        assertThat(STACK.kafka().read(Topics.DEAD_LETTERS, 2, Duration.ofSeconds(5))).as("the malformed event once").hasSize(1);
        try (Jedis j = STACK.redis().client()) {
            GeoCellStats inRedis = cell(j.get(RedisKeys.geoCell(5, moscow)));
            assertThat(inRedis.hits).as("rewritten idempotently, not added to").isEqualTo(5);
            assertThat(inRedis.users).isEqualTo(3);
            assertThat(cell(j.get(RedisKeys.geoCell(5, berlin))).hits).isEqualTo(2);
        }

        // Analysts' SQL table over the topic skips the aborted copy too (it reads committed records only).
        try (SqlGatewayServer gateway = SqlGatewayServer.start(flinkRest, STACK.kafka().bootstrap(), STACK.work().resolve("gateway"))) {
            List<Map<String, Object>> rows = gateway.runQueryFile(Repository.path("sql", "queries", "hottest_cells_last_5_minutes.sql"),
                    sql -> sql.replace("5 * 60 * 1000", "60 * 60 * 1000"));
            assertThat(rows).extracting(r -> r.get("cell") + "=" + r.get("hits")).containsExactly(moscow + "=5", berlin + "=2");
        }
        job.cancel().get();
    }

    private static GeoCellStats cell(String json) {
        return parse(json, GeoCellStats.class);
    }
}
