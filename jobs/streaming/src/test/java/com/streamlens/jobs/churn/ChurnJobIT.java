package com.streamlens.jobs.churn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.streamlens.jobs.testing.JobGraphs;
import com.streamlens.jobs.testing.JobTestStack;
import com.streamlens.operators.churn.ChurnModelArtefact;
import com.streamlens.operators.churn.ChurnModelTest;
import com.streamlens.operators.churn.ChurnTrainer;
import com.streamlens.operators.nd4j.TabularTrainer;
import com.streamlens.state.Topics;
import com.streamlens.state.events.DeadLetter;
import com.streamlens.state.records.ChurnScore;
import com.streamlens.state.redis.RedisKeys;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;

/** The churn job end to end: real Kafka in and out, a RocksDB MiniCluster, real Redis, a trained model. */
class ChurnJobIT {
    @RegisterExtension
    static final JobTestStack STACK = JobTestStack.create();
    static final long DAY = 86_400_000L;
    static Path model;

    @BeforeAll
    static void train() throws Exception {
        if (model != null) return;
        boolean[] y = new boolean[2000];
        TabularTrainer.Config cfg = new TabularTrainer.Config(0, 10, 64, 1e-2, 1e-4, false, 3);
        var m = ChurnTrainer.train(ChurnModelTest.rows(y, 5), y, "it-1", cfg, line -> {});
        model = ChurnModelArtefact.save(STACK.work(), m, cfg, 90, Map.of(), "sha");
    }

    static String purchase(String id, String user, long ts) {
        return "{\"schema\":1,\"event_id\":\"" + id + "\",\"type\":\"purchase\",\"site_id\":\"shop-1\",\"user_id\":\"" + user
                + "\",\"session_id\":\"s-" + id + "\",\"ts\":" + ts + ",\"item_id\":\"i1\",\"order_id\":\"" + id + "\",\"quantity\":1,\"price\":10.0,\"revenue\":10.0}";
    }

    @Test
    void aCustomerWhoStopsBuyingClimbsTheAtRiskSetAndBadInputGoesToTheDlq() throws Exception {
        long t0 = (System.currentTimeMillis() / DAY - 60) * DAY; // midnight, 60 days ago
        // Two customers buy every other day for ten days; then one goes on for three more weeks and the other stops.
        List<String> events = new ArrayList<>();
        for (int d = 0; d <= 31; d += 2) {
            events.add(purchase("steady-" + d, "steady", t0 + d * DAY + 3_600_000L));
            if (d <= 10) events.add(purchase("leaver-" + d, "leaver", t0 + d * DAY + 3_600_000L));
        }
        events.add(purchase("bad", "x", t0).replace(",\"item_id\":\"i1\"", "")); // a purchase of no item
        // Event time moves on in every partition: an event a day after the others lets the last day's timers fire.
        events.add(purchase("tick-0", "tick", t0 + 33 * DAY));
        STACK.kafka().sendAll(Topics.CLICKSTREAM, 0, events);
        STACK.kafka().sendAll(Topics.CLICKSTREAM, 1, List.of(purchase("tick-1", "tick", t0 + 33 * DAY)));
        for (int p = 0; p < 2; p++) {
            STACK.kafka().sendAll(Topics.MAIL_EVENTS, p, List.of("{\"schema\":1,\"event_id\":\"l" + p + "\",\"type\":\"login\",\"user_id\":\"steady\",\"ts\":"
                    + (t0 + 33 * DAY) + ",\"ip\":\"198.51.100.7\",\"success\":true}"));
        }

        StreamExecutionEnvironment env = STACK.environment();
        env.setParallelism(2);
        ChurnJob.wireProduction(env, options());
        assertThat(JobGraphs.operatorsWithoutUid(env)).as("operators a savepoint could not map back").isEmpty();
        JobClient job = env.executeAsync("churn-it");

        // Each customer is due once a day at an hour of their own: by then both have a score from day 32.
        long late = t0 + 32 * DAY;
        List<ChurnScore> scores = STACK.kafka().readUntil(Topics.CHURN_SCORES, ChurnScore.class,
                ss -> ss.stream().anyMatch(s -> s.userId.equals("leaver") && s.asOf >= late)
                        && ss.stream().anyMatch(s -> s.userId.equals("steady") && s.asOf >= late));
        ChurnScore whileBuying = latest(scores, "leaver", t0 + 10 * DAY);
        ChurnScore gone = latest(scores, "leaver", Long.MAX_VALUE);
        assertThat(gone.asOf).isGreaterThanOrEqualTo(late);
        assertThat(gone.probability).as("three weeks without a purchase").isGreaterThan(whileBuying.probability);
        assertThat(gone.topFeatures).hasSize(3);
        assertThat(gone.topFeatures).as("the absence is among the reasons, raising the risk")
                .anySatisfy(f -> assertThat(f.feature + " " + (f.contribution > 0)).isEqualTo("days_since_last_event true"));
        assertThat(gone.modelVersion).isEqualTo("it-1");
        assertThat(latest(scores, "steady", Long.MAX_VALUE).probability).isLessThan(gone.probability);
        assertThat(scores).as("no customer from a rejected event").extracting(s -> s.userId).doesNotContain("x");
        assertThat(scores.stream().filter(s -> s.userId.equals("leaver") && s.trigger.equals(ChurnScore.DAILY)).map(s -> s.asOf).distinct().count())
                .as("a score a day").isGreaterThanOrEqualTo(31);
        assertThat(scores).as("and one two usual gaps (2 × 2 days) after the last purchase")
                .anySatisfy(s -> assertThat(s.userId + " " + s.trigger + " " + s.asOf).isEqualTo("leaver milestone " + (t0 + 14 * DAY + 3_600_000L)));

        try (Jedis j = STACK.redis().client()) {
            String atRisk = RedisKeys.churnAtRisk("shop-1");
            long deadline = System.currentTimeMillis() + 30_000; // the Redis sink flushes its batch a moment later
            while (System.currentTimeMillis() < deadline && !(j.zscore(atRisk, "leaver") != null
                    && Math.abs(j.zscore(atRisk, "leaver") - gone.probability) < 1e-9)) Thread.sleep(100);
            assertThat(j.zrevrange(atRisk, 0, 0)).containsExactly("leaver");
            assertThat(j.zscore(atRisk, "leaver")).isCloseTo(gone.probability, org.assertj.core.data.Offset.offset(1e-9));
            assertThat(j.ttl(atRisk)).isPositive();
            assertThat(j.hget(RedisKeys.churnUser("leaver"), "shop-1")).contains("\"top_features\"").contains("\"model_version\":\"it-1\"");
        }
        assertThat(STACK.kafka().readUntil(Topics.DEAD_LETTERS, DeadLetter.class, ds -> ds.stream().anyMatch(d -> d.reason.contains("item_id"))))
                .filteredOn(d -> d.reason.contains("item_id")).extracting(d -> d.job).containsExactly(ChurnJobOptions.JOB_NAME);
        assertThat(job.getJobStatus().get()).isEqualTo(JobStatus.RUNNING);
        job.cancel().get();
    }

    @Test
    void refusesAMissingModelAndBadOptionsAtSubmission() {
        assertThatThrownBy(() -> ChurnJob.wireProduction(STACK.environment(), ChurnJobOptions.fromArgs(new String[] {
                "--kafka", STACK.kafka().bootstrap(), "--model", STACK.work().resolve("no-model").toString()})))
                .hasMessageContaining("no-model").hasMessageContaining("must hold meta.json and network.zip");
        assertThatThrownBy(() -> ChurnJobOptions.fromArgs(new String[0])).hasMessageContaining("--model DIR|URI is required");
        assertThatThrownBy(() -> ChurnJobOptions.fromArgs(new String[] {"--model", "m", "--milestone-factor", "0.5"}))
                .hasMessageContaining("--milestone-factor");
        assertThatThrownBy(() -> ChurnJobOptions.fromArgs(new String[] {"--model", "m", "--score-every-ms", "86400000", "--lifetime-days", "1"}))
                .hasMessageContaining("lifetime must exceed the scoring period");
    }

    /** The user's score with the latest as_of at or before {@code until}. */
    static ChurnScore latest(List<ChurnScore> scores, String user, long until) {
        return scores.stream().filter(s -> s.userId.equals(user) && s.asOf <= until).max(Comparator.comparingLong(s -> s.asOf)).orElseThrow();
    }

    static ChurnJobOptions options() {
        return ChurnJobOptions.fromArgs(new String[] {
                "--kafka", STACK.kafka().bootstrap(), "--redis", STACK.redis().uri(), "--start-from", "earliest",
                "--model", model.toString(), "--out-of-orderness-ms", "0", "--idleness-ms", "1000", "--batch-wait-ms", "20"});
    }
}
