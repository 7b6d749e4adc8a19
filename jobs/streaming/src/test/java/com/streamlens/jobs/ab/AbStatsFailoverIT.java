package com.streamlens.jobs.ab;

import static com.streamlens.jobs.ab.AbStatsJobIT.T;
import static com.streamlens.jobs.ab.AbStatsJobIT.exposure;
import static com.streamlens.jobs.ab.AbStatsJobIT.purchaseOf;
import static com.streamlens.jobs.ab.AbStatsJobIT.waitForRow;
import static org.assertj.core.api.Assertions.assertThat;

import com.streamlens.jobs.testing.Failover;
import com.streamlens.jobs.testing.JobTestStack;
import com.streamlens.jobs.testing.Repository;
import com.streamlens.jobs.testing.SqlGatewayServer;
import com.streamlens.operators.abtest.AbStat;
import com.streamlens.state.Topics;
import com.streamlens.state.redis.RedisKeys;
import com.streamlens.state.serde.Json;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.JobID;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.InjectClusterRESTAddress;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;

/** A crash after a user's exposure and purchase were counted but before the checkpoint: the user counts once. */
class AbStatsFailoverIT {
    @RegisterExtension
    static final JobTestStack STACK = JobTestStack.forFailover();

    @Test
    void aCrashBetweenCheckpointsCountsEveryUserOnce(@InjectMiniCluster MiniCluster cluster, @InjectClusterRESTAddress URI flinkRest)
            throws Exception {
        for (String u : new String[] {"c1", "c2", "c3", "c4"}) send(u, exposure(u, "control", T));
        for (String u : new String[] {"t1", "t2", "t3", "t4"}) send(u, exposure(u, "treatment", T));
        send("c1", purchaseOf("c1", 10, T + 1000));
        for (String u : new String[] {"t1", "t2", "t3"}) send(u, purchaseOf(u, 20, T + 1000));
        STACK.kafka().send(Topics.CLICKSTREAM, "x", "{\"schema\":1,\"type\":\"purchase\"");

        StreamExecutionEnvironment env = STACK.environment();
        env.setParallelism(2);
        AbStatsJob.wireProduction(env, AbStatsJobOptions.fromArgs(new String[] {
                "--kafka", STACK.kafka().bootstrap(), "--redis", STACK.redis().uri(), "--start-from", "earliest",
                "--emit-every-ms", "500", "--group-id", "ab-failover-it", "--delivery", "exactly-once"}));
        JobClient job = env.executeAsync("ab-failover-it");
        JobID id = job.getJobID();

        try (Jedis j = STACK.redis().client()) {
            waitForRow(j, "treatment:conversion", s -> s.users == 4 && s.mean == 0.75);
            long first = Failover.checkpoint(cluster, id);

            // t5 converts after checkpoint 1: counted and emitted, then the crash.
            send("t5", exposure("t5", "treatment", T));
            send("t5", purchaseOf("t5", 20, T + 1000));
            waitForRow(j, "treatment:conversion", s -> s.users == 5 && s.mean == 0.8);
            assertThat(STACK.kafka().readUncommitted(Topics.AB_STATS, 1_000, Duration.ofSeconds(3)))
                    .as("the users=5 row is in the broker, uncommitted").anySatisfy(r -> assertThat(stat(r).users).isEqualTo(5));
            j.hdel(RedisKeys.abExperiment("exp"), "treatment:conversion"); // its return shows the restarted job emitting
            Failover.killTaskManager(cluster);

            // Restored from checkpoint 1 (t5 unseen), t5's events are read again: five users, not six.
            waitForRow(j, "treatment:conversion", s -> s.users == 5);
            long second = Failover.checkpoint(cluster, id);
            assertThat(Failover.restoredCheckpoint(cluster, id)).isEqualTo(first);
            assertThat(second).isGreaterThan(first);
            Thread.sleep(1_500); // two more emissions: a double-counted t5 would show by now
            AbStat conv = waitForRow(j, "treatment:conversion", s -> true);
            assertThat(conv.users).isEqualTo(5);
            assertThat(conv.mean).isEqualTo(0.8);
        }
        List<AbStat> committed = STACK.kafka().read(Topics.AB_STATS, 10_000, Duration.ofSeconds(5)).stream()
                .map(AbStatsFailoverIT::stat).filter(s -> s.variant.equals("treatment") && s.metric.equals("conversion")).toList();
        assertThat(committed).isNotEmpty().allSatisfy(s -> assertThat(s.users).as("never six").isLessThanOrEqualTo(5));
        assertThat(committed.get(committed.size() - 1).users).isEqualTo(5);
        try (SqlGatewayServer gateway = SqlGatewayServer.start(flinkRest, STACK.kafka().bootstrap(), STACK.work().resolve("gateway"))) {
            List<Map<String, Object>> rows = gateway.runQueryFile(Repository.path("sql", "queries", "conversion_by_variant.sql"), sql -> sql);
            assertThat(rows).extracting(r -> r.get("variant") + " users=" + r.get("users") + " rate=" + r.get("conversion_rate"))
                    .containsExactly("control users=4 rate=0.25", "treatment users=5 rate=0.8");
        }
        job.cancel().get();
    }

    private static void send(String user, String json) throws Exception {
        STACK.kafka().send(Topics.CLICKSTREAM, user, json);
    }

    private static AbStat stat(ConsumerRecord<String, String> r) {
        try {
            return Json.MAPPER.readValue(r.value(), AbStat.class);
        } catch (Exception e) {
            throw new AssertionError(r.value(), e);
        }
    }
}
