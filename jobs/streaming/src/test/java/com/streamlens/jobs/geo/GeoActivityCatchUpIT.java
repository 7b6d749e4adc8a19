package com.streamlens.jobs.geo;

import static com.streamlens.jobs.geo.GeoActivityJobIT.MOSCOW;
import static com.streamlens.jobs.geo.GeoActivityJobIT.T0;
import static com.streamlens.jobs.geo.GeoActivityJobIT.WINDOW;
import static com.streamlens.jobs.geo.GeoActivityJobIT.event;
import static com.streamlens.jobs.geo.GeoActivityJobIT.parse;
import static org.assertj.core.api.Assertions.assertThat;

import com.streamlens.jobs.testing.JobTestStack;
import com.streamlens.state.Topics;
import com.streamlens.state.events.DeadLetter;
import com.streamlens.state.records.GeoCellStats;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A backlog (a restart, an upgrade, a slow start) in two partitions that one source subtask reads: Kafka hands over
 * one partition's records in large runs, so event time must be tracked per partition or the other's are late.
 */
class GeoActivityCatchUpIT {
    @RegisterExtension
    static final JobTestStack STACK = JobTestStack.create();

    static final int PER_PARTITION = 6_000;
    static final long SPACING_MS = 10; // 60 s of event time per partition: windows [T0, T0+30 s) and [T0+30 s, T0+60 s)

    @Test
    void aBacklogInTwoPartitionsReadByOneSubtaskLosesNoEventToLateness() throws Exception {
        for (int partition = 0; partition < 2; partition++) {
            List<String> backlog = new ArrayList<>();
            for (int i = 0; i < PER_PARTITION; i++) {
                String user = "u" + (i % 40);
                backlog.add(event("p" + partition + "-" + i, "page_view", user, T0 + i * SPACING_MS, MOSCOW + ",'url':'u'"));
            }
            backlog.add(event("push-" + partition, "page_view", "u0", T0 + 3 * WINDOW, "'url':'u'"));
            STACK.kafka().sendAll(Topics.CLICKSTREAM, partition, backlog);
        }

        StreamExecutionEnvironment env = STACK.environment();
        env.setParallelism(1); // one source subtask reads both partitions
        // Watermarks every millisecond instead of 200 ms: one is sure to fall between two partitions' runs, as at real rates.
        env.getConfig().setAutoWatermarkInterval(1);
        GeoActivityJob.wireProduction(env, GeoJobOptions.fromArgs(new String[] {
                "--kafka", STACK.kafka().bootstrap(), "--redis", STACK.redis().uri(), "--start-from", "earliest",
                "--out-of-orderness-ms", "1000", "--group-id", "geo-catch-up-it"}));
        JobClient job = env.executeAsync("geo-catch-up-it");

        List<GeoCellStats> windows = STACK.kafka().read(Topics.GEO_ACTIVITY_30S, 2, Duration.ofSeconds(90)).stream()
                .map(r -> parse(r.value(), GeoCellStats.class)).toList();
        List<String> late = STACK.kafka().read(Topics.DEAD_LETTERS, 1, Duration.ofSeconds(3)).stream()
                .map(r -> parse(r.value(), DeadLetter.class).reason).toList();
        job.cancel().get();
        // Watermarks over the merged stream (before this fix): one partition's 6,000 events late, each window 3,000.
        assertThat(late).as("dead letters").isEmpty();
        assertThat(windows).extracting(w -> w.windowStart + "=" + w.hits)
                .containsExactlyInAnyOrder(T0 + "=" + 2 * PER_PARTITION / 2, (T0 + WINDOW) + "=" + 2 * PER_PARTITION / 2);
    }
}
