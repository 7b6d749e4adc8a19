package com.streamlens.jobs.ab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.streamlens.jobs.testing.JobGraphs;
import com.streamlens.jobs.testing.JobTestStack;
import com.streamlens.jobs.testing.Repository;
import com.streamlens.jobs.testing.Savepoints;
import com.streamlens.jobs.testing.SqlGatewayServer;
import com.streamlens.operators.abtest.AbStat;
import com.streamlens.operators.abtest.MixtureLikelihood;
import com.streamlens.state.Topics;
import com.streamlens.state.events.DeadLetter;
import com.streamlens.state.redis.RedisKeys;
import com.streamlens.state.serde.Json;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.stat.StatUtils;
import org.apache.commons.math3.stat.inference.TTest;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.InjectClusterRESTAddress;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;

/** The A/B job end to end: real Kafka in, RocksDB MiniCluster, real Kafka (upsert topic) and Redis out. */
class AbStatsJobIT {
    @RegisterExtension
    static final JobTestStack STACK = JobTestStack.create();

    static final long T = System.currentTimeMillis() - 3_600_000;
    static int seq;

    static String event(String user, String type, long ts, String extra) {
        return ("{'schema':1,'event_id':'e" + (seq++) + "','type':'" + type + "','site_id':'shop-1',"
                + "'user_id':'" + user + "','session_id':'s-" + user + "','ts':" + ts + (extra.isEmpty() ? "" : "," + extra) + "}")
                .replace('\'', '"');
    }

    static String exposure(String user, String variant, long ts) {
        return event(user, "ab_exposure", ts, "'experiment':'exp','variant':'" + variant + "'");
    }

    static String purchaseOf(String user, double revenue, long ts) {
        return event(user, "purchase", ts, "'item_id':'i1','revenue':" + revenue);
    }

    static void send(String user, String type, long ts, String extra) throws Exception {
        STACK.kafka().send(Topics.CLICKSTREAM, user, event(user, type, ts, extra));
    }

    static void expose(String user, String variant, long ts) throws Exception {
        STACK.kafka().send(Topics.CLICKSTREAM, user, exposure(user, variant, ts));
    }

    static void purchase(String user, double revenue, long ts) throws Exception {
        STACK.kafka().send(Topics.CLICKSTREAM, user, purchaseOf(user, revenue, ts));
    }

    @Test
    void computesAttributedStatisticsIntoRedisAndTheUpsertTopic(@InjectClusterRESTAddress URI flinkRest) throws Exception {
        for (String u : new String[] {"c1", "c2", "c3", "c4"}) expose(u, "control", T);
        for (String u : new String[] {"t1", "t2", "t3", "t4"}) expose(u, "treatment", T);
        purchase("t4", 99, T - 60_000); // before exposure: not attributed
        expose("m1", "control", T);
        expose("m1", "treatment", T + 1); // multiple exposure: stays in control, flagged
        purchase("c1", 10, T + 1000);
        purchase("c2", 30, T + 1000);
        send("c3", "page_view", T + 1000, "'url':'https://shop-1/'");
        for (String u : new String[] {"t1", "t2", "t3"}) purchase(u, 20, T + 1000);
        STACK.kafka().send(Topics.CLICKSTREAM, "x", "{\"schema\":1,\"type\":\"purchase\"");

        StreamExecutionEnvironment env = STACK.environment();
        env.setParallelism(2);
        AbStatsJob.wireProduction(env, options("earliest"));
        assertThat(JobGraphs.operatorsWithoutUid(env)).as("operators a savepoint could not map back").isEmpty();
        JobClient job = env.executeAsync("ab-it");

        try (Jedis j = STACK.redis().client()) {
            AbStat conv = waitForRow(j, "treatment:conversion", s -> s.users == 4 && s.mean == 0.75 && s.controlMean != null && s.controlMean == 0.4);
            assertThat(conv.kind).isEqualTo("rate");
            assertThat(conv.diff).isCloseTo(0.35, org.assertj.core.data.Offset.offset(1e-12));
            // Against the users' raw values, computed here without the job's code: control converted 2 of 5, treatment 3 of 4.
            double pooled = 5.0 / 9, se = Math.sqrt(pooled * (1 - pooled) * (1.0 / 5 + 1.0 / 4));
            assertThat(conv.pValue).isCloseTo(2 * new NormalDistribution().cumulativeProbability(-0.35 / se), within(1e-9));
            assertThat(conv.seqPValue).isBetween(0.0, 1.0);
            AbStat controlRevenue = waitForRow(j, "control:revenue", s -> s.users == 5 && s.mean == 8.0);
            assertThat(controlRevenue.multipleExposureRate).isEqualTo(0.2);
            assertThat(controlRevenue.diff).as("control row carries no comparison").isNull();
            AbStat treatmentRevenue = waitForRow(j, "treatment:revenue", s -> s.users == 4 && s.mean == 15.0);
            assertThat(treatmentRevenue.controlMean).isEqualTo(8.0);
            double[] controlRevenues = {10, 30, 0, 0, 0}, treatmentRevenues = {20, 20, 20, 0}; // t4's purchase preceded exposure
            assertThat(treatmentRevenue.pValue).as("Welch on the raw values").isCloseTo(new TTest().tTest(controlRevenues, treatmentRevenues), within(1e-9));
            double vc = StatUtils.variance(controlRevenues), vt = StatUtils.variance(treatmentRevenues);
            assertThat(treatmentRevenue.seqPValue).as("mixture likelihood ratio, integrated numerically, τ = 1 per-user sd")
                    .isCloseTo(MixtureLikelihood.pValue(7.0, vc / 5 + vt / 4, (vc + vt) / 2), within(1e-6));
            assertThat(j.hget(RedisKeys.abExperiment("exp"), "treatment:revenue_per_session")).contains("\"kind\":\"ratio\"");
            assertThat(j.ttl(RedisKeys.abExperiment("exp"))).isPositive();
        }

        Map<String, AbStat> latest = new LinkedHashMap<>();
        for (ConsumerRecord<String, String> r : STACK.kafka().read(Topics.AB_STATS, 200, Duration.ofSeconds(5))) {
            latest.put(r.key(), Json.MAPPER.readValue(r.value(), AbStat.class));
        }
        assertThat(latest.get("exp/treatment/conversion").mean).isEqualTo(0.75);
        assertThat(latest.get("exp/control/revenue").mean).isEqualTo(8.0);

        assertThat(STACK.kafka().read(Topics.DEAD_LETTERS, 1, Duration.ofSeconds(20)))
                .extracting(r -> Json.MAPPER.readValue(r.value(), DeadLetter.class).reason)
                .singleElement().satisfies(reason -> assertThat(reason).startsWith("bad JSON"));
        // The upsert table through SQL: batch mode keeps only the latest row per key.
        try (SqlGatewayServer gateway = SqlGatewayServer.start(flinkRest, STACK.kafka().bootstrap(), STACK.work().resolve("gateway"))) {
            List<Map<String, Object>> rows = gateway.runQueryFile(Repository.path("sql", "queries", "conversion_by_variant.sql"), sql -> sql);
            assertThat(rows).extracting(r -> r.get("experiment") + "/" + r.get("variant") + " users=" + r.get("users") + " rate=" + r.get("conversion_rate"))
                    .containsExactly("exp/control users=5 rate=0.4", "exp/treatment users=4 rate=0.75");
        }
        assertThat(job.getJobStatus().get()).isEqualTo(JobStatus.RUNNING);

        // An upgrade: stop with a savepoint, run again from it; the treatment's users and conversions go on.
        String savepoint = Savepoints.stop(job, STACK.work().resolve("savepoints"));
        StreamExecutionEnvironment upgraded = STACK.environment();
        upgraded.setParallelism(2);
        AbStatsJob.wireProduction(upgraded, options("latest"));
        JobClient resumed = Savepoints.resume(upgraded, savepoint, "ab-it-upgraded");
        expose("t5", "treatment", T);
        purchase("t5", 20, T + 1000);
        try (Jedis j = STACK.redis().client()) {
            waitForRow(j, "treatment:conversion", s -> s.users == 5 && s.mean == 0.8);
        }
        assertThat(resumed.getJobStatus().get()).isEqualTo(JobStatus.RUNNING);
        resumed.cancel().get();
    }

    static AbStatsJobOptions options(String startFrom) {
        return AbStatsJobOptions.fromArgs(new String[] {
                "--kafka", STACK.kafka().bootstrap(), "--redis", STACK.redis().uri(), "--start-from", startFrom, "--emit-every-ms", "500"});
    }

    static AbStat waitForRow(Jedis j, String field, Predicate<AbStat> done) throws Exception {
        long deadline = System.currentTimeMillis() + 60_000;
        AbStat last = null;
        while (System.currentTimeMillis() < deadline) {
            String json = j.hget(RedisKeys.abExperiment("exp"), field);
            if (json != null) {
                last = Json.MAPPER.readValue(json, AbStat.class);
                if (done.test(last)) return last;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("ab:exp " + field + " never reached the expected values; last: " + (last == null ? null : Json.toString(last)));
    }
}
