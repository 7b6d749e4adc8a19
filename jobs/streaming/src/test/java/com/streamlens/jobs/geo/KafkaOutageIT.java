package com.streamlens.jobs.geo;

import static com.streamlens.jobs.geo.GeoActivityJobIT.MOSCOW;
import static com.streamlens.jobs.geo.GeoActivityJobIT.T0;
import static com.streamlens.jobs.geo.GeoActivityJobIT.WINDOW;
import static com.streamlens.jobs.geo.GeoActivityJobIT.event;
import static com.streamlens.jobs.geo.GeoActivityJobIT.parse;
import static org.assertj.core.api.Assertions.assertThat;

import com.streamlens.jobs.testing.Failover;
import com.streamlens.jobs.testing.JobTestStack;
import com.streamlens.state.Topics;
import com.streamlens.state.records.GeoCellStats;
import com.uber.h3core.H3Core;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.CheckpointType;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Kafka broker crashes (SIGKILL) while a window's results sit in the exactly-once sink's open transaction, and a
 * checkpoint falls in the 65 s outage: the job rides it out without a restart, the checkpoint completes and commits once
 * the broker is back, and readers see each result exactly once. It fails with the Kafka client's default max.block.ms
 * (a restart at 60 s), and with a transaction timeout shorter than the outage (the broker aborts the transaction when it
 * returns and the window is lost; the connector only logs it).
 */
class KafkaOutageIT {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaOutageIT.class);

    @RegisterExtension
    static final JobTestStack STACK = JobTestStack.forFailover().withRestartableKafka();

    @Test
    void aBrokerCrashNeitherLosesNorDuplicatesResults(@InjectMiniCluster MiniCluster cluster) throws Exception {
        String moscow = H3Core.newInstance().latLngToCellAddress(55.7512, 37.6184, 5);
        StreamExecutionEnvironment env = STACK.environment();
        env.setParallelism(1);
        GeoActivityJob.wireProduction(env, GeoJobOptions.fromArgs(new String[] {
                "--kafka", STACK.kafka().bootstrap(), "--redis", STACK.redis().uri(), "--start-from", "earliest",
                "--out-of-orderness-ms", "0", "--idleness-ms", "500", "--group-id", "kafka-outage-it",
                "--delivery", "exactly-once"}));
        JobClient job = env.executeAsync("kafka-outage-it");
        JobID id = job.getJobID();

        // Window 1 (3 hits) fires and checkpoint 1 commits it.
        for (int i = 0; i < 3; i++) send(event("a" + i, "page_view", "u1", T0 + 1000 + i, MOSCOW + ",'url':'u'"));
        send(event("p1", "page_view", "u1", T0 + WINDOW + 1000, "'url':'u'"));
        assertThat(STACK.kafka().readUncommitted(Topics.GEO_ACTIVITY_30S, 1, Duration.ofSeconds(60))).hasSize(1);
        long first = Failover.checkpoint(cluster, id);
        assertThat(STACK.kafka().read(Topics.GEO_ACTIVITY_30S, 1, Duration.ofSeconds(30))).as("window 1 committed").hasSize(1);

        // Window 2 (4 hits) fires into a transaction no checkpoint has committed yet.
        for (int i = 0; i < 4; i++) send(event("b" + i, "page_view", "u2", T0 + 2 * WINDOW + 1000 + i, MOSCOW + ",'url':'u'"));
        send(event("p2", "page_view", "u2", T0 + 3 * WINDOW + 1000, "'url':'u'"));
        assertThat(STACK.kafka().readUncommitted(Topics.GEO_ACTIVITY_30S, 2, Duration.ofSeconds(60))).hasSize(2);

        // The broker crashes; a checkpoint is triggered during the outage (its transactions cannot reach the broker).
        // Past the Kafka client's default max.block.ms (60 s), which failed the job before SinkOutage.RIDE_OUT was set.
        long outageMs = Long.getLong("outage.ms", 65_000);
        long down = System.nanoTime();
        STACK.kafka().process().kill();
        CompletableFuture<Long> duringOutage = cluster.triggerCheckpoint(id, CheckpointType.CONFIGURED);
        Thread.sleep(outageMs);
        STACK.kafka().process().restart();
        long up = System.nanoTime();
        LOG.info("broker down {} ms (restart included)", (up - down) / 1_000_000);
        duringOutage.whenComplete((checkpoint, failure) -> LOG.info("checkpoint of the outage {} {} ms after the broker was back",
                failure == null ? "completed" : "failed", (System.nanoTime() - up) / 1_000_000));

        // Once the broker is back, window 3 (2 hits) goes through too: the job reads and writes again by itself.
        for (int i = 0; i < 2; i++) send(event("c" + i, "page_view", "u3", T0 + 4 * WINDOW + 1000 + i, MOSCOW + ",'url':'u'"));
        send(event("p3", "page_view", "u3", T0 + 5 * WINDOW + 1000, "'url':'u'"));
        awaitEmitted(2, Duration.ofSeconds(120));
        Failover.checkpoint(cluster, id);

        List<ConsumerRecord<String, String>> committed = STACK.kafka().read(Topics.GEO_ACTIVITY_30S, 4, Duration.ofSeconds(10));
        assertThat(committed).extracting(r -> parse(r.value(), GeoCellStats.class).hits).as("each window once, in order")
                .containsExactly(3L, 4L, 2L);
        assertThat(duringOutage.get()).as("the checkpoint of the outage completed once the broker was back").isGreaterThan(first);
        assertThat(cluster.getExecutionGraph(id).get().getAllExecutionVertices()).as("no task restarted")
                .allSatisfy(v -> assertThat(v.getCurrentExecutionAttempt().getAttemptNumber()).isZero());
        assertThat(job.getJobStatus().get()).isEqualTo(JobStatus.RUNNING);
        job.cancel().get();
    }

    /** Waits until a window with this many hits is in the topic, committed or not. */
    private static void awaitEmitted(long hits, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (STACK.kafka().readUncommitted(Topics.GEO_ACTIVITY_30S, 100, Duration.ofSeconds(1)).stream()
                .noneMatch(r -> parse(r.value(), GeoCellStats.class).hits == hits)) {
            assertThat(System.nanoTime()).as("a window of %d hits emitted within %s", hits, timeout).isLessThan(deadline);
        }
    }

    private static void send(String json) throws Exception {
        STACK.kafka().send(Topics.CLICKSTREAM, "u", json);
    }
}
