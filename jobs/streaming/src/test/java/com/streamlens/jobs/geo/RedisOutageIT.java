package com.streamlens.jobs.geo;

import static com.streamlens.jobs.geo.GeoActivityJobIT.MOSCOW;
import static com.streamlens.jobs.geo.GeoActivityJobIT.T0;
import static com.streamlens.jobs.geo.GeoActivityJobIT.WINDOW;
import static com.streamlens.jobs.geo.GeoActivityJobIT.event;
import static com.streamlens.jobs.geo.GeoActivityJobIT.parse;
import static com.streamlens.jobs.geo.GeoActivityJobIT.waitForKey;
import static org.assertj.core.api.Assertions.assertThat;

import com.streamlens.jobs.testing.Failover;
import com.streamlens.jobs.testing.JobTestStack;
import com.streamlens.state.Topics;
import com.streamlens.state.records.GeoCellStats;
import com.streamlens.state.redis.RedisKeys;
import com.uber.h3core.H3Core;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.executiongraph.AccessExecutionGraph;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;

/**
 * Redis goes away while the geo job runs: the sink blocks and back-pressures, the checkpoints whose barriers are stuck
 * behind it expire, and the job rides the outage out on flink-conf's tolerated checkpoint failures — no restart, no
 * lost window. Checkpoint timing is scaled down (timeout 5 s instead of 2 min), the tolerance is flink-conf's own.
 */
class RedisOutageIT {
    @RegisterExtension
    static final JobTestStack STACK = JobTestStack.create();

    @Test
    void aRedisOutageBackPressuresTheJobWithoutARestartAndLosesNothing(@InjectMiniCluster MiniCluster cluster) throws Exception {
        String moscow = H3Core.newInstance().latLngToCellAddress(55.7512, 37.6184, 5);
        Configuration conf = STACK.configuration(); // no restart strategy: a failure would end the job
        conf.setString("execution.checkpointing.interval", "500 ms");
        conf.setString("execution.checkpointing.timeout", "5 s");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(1);
        GeoActivityJob.wireProduction(env, GeoJobOptions.fromArgs(new String[] {
                "--kafka", STACK.kafka().bootstrap(), "--redis", STACK.redis().uri(), "--start-from", "earliest",
                "--out-of-orderness-ms", "0", "--idleness-ms", "500", "--group-id", "redis-outage-it"}));
        JobClient job = env.executeAsync("redis-outage-it");
        JobID id = job.getJobID();

        // Window 1 reaches Redis: the sink is writing.
        for (int i = 0; i < 3; i++) send(event("a" + i, "page_view", "u1", T0 + 1000 + i, MOSCOW + ",'url':'u'"));
        send(event("p1", "page_view", "u1", T0 + WINDOW + 1000, "'url':'u'"));
        try (Jedis j = STACK.redis().client()) {
            assertThat(parse(waitForKey(j, RedisKeys.geoCell(5, moscow)), GeoCellStats.class).hits).isEqualTo(3);
            j.del(RedisKeys.geoCell(5, moscow));
        }

        // Redis down for 8 s while window 2 (4 hits) closes: its write blocks the sink, the barriers queue behind it.
        STACK.redis().stopProcess();
        for (int i = 0; i < 4; i++) send(event("b" + i, "page_view", "u2", T0 + 2 * WINDOW + 1000 + i, MOSCOW + ",'url':'u'"));
        send(event("p2", "page_view", "u2", T0 + 3 * WINDOW + 1000, "'url':'u'"));
        Thread.sleep(8_000);
        STACK.redis().startProcess();

        try (Jedis j = STACK.redis().client()) {
            assertThat(parse(waitForKey(j, RedisKeys.geoCell(5, moscow)), GeoCellStats.class).hits).as("window 2, written once Redis is back")
                    .isEqualTo(4);
        }
        AccessExecutionGraph graph = cluster.getExecutionGraph(id).get();
        assertThat(graph.getCheckpointStatsSnapshot().getCounts().getNumberOfFailedCheckpoints())
                .as("checkpoints expired while the sink blocked").isPositive();
        long completedAfter = Failover.checkpoint(cluster, id);
        assertThat(completedAfter).isPositive();
        assertThat(job.getJobStatus().get()).isEqualTo(JobStatus.RUNNING);
        assertThat(graph.getAllExecutionVertices()).as("no task restarted")
                .allSatisfy(v -> assertThat(v.getCurrentExecutionAttempt().getAttemptNumber()).isZero());
        job.cancel().get();
    }

    private static void send(String json) throws Exception {
        STACK.kafka().send(Topics.CLICKSTREAM, "u", json);
    }
}
