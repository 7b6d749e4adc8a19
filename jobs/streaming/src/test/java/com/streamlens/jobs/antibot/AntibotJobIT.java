package com.streamlens.jobs.antibot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.streamlens.jobs.testing.JobGraphs;
import com.streamlens.jobs.testing.JobTestStack;
import com.streamlens.operators.antibot.AntibotModelArtefact;
import com.streamlens.operators.antibot.AntibotTrainer;
import com.streamlens.operators.antibot.SessionModelTest;
import com.streamlens.state.Topics;
import com.streamlens.state.events.DeadLetter;
import com.streamlens.state.records.BotSignal;
import com.streamlens.state.records.BotVerdict;
import com.streamlens.state.redis.RedisKeys;
import com.streamlens.state.serde.Json;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;

/** The antibot job end to end: real Kafka in and out, a RocksDB MiniCluster, real Redis, a trained session model. */
class AntibotJobIT {
    @RegisterExtension
    static final JobTestStack STACK = JobTestStack.create();
    static Path model;

    @BeforeAll
    static void train() throws Exception {
        if (model != null) return;
        boolean[] y = new boolean[600];
        var cfg = new AntibotTrainer.Config(8, 5, 64, 1e-2, 1e-4, 3, 0.01, 3);
        var trained = AntibotTrainer.train(SessionModelTest.rows(y, 5), y, "it-1", cfg, line -> {});
        model = AntibotModelArtefact.save(STACK.work(), trained, cfg, Map.of(), "sha");
    }

    static String click(String id, String type, String user, String session, long ts, String extra) {
        return "{\"schema\":1,\"event_id\":\"" + id + "\",\"type\":\"" + type + "\",\"site_id\":\"shop-1\",\"user_id\":\"" + user
                + "\",\"session_id\":\"" + session + "\",\"ts\":" + ts + ",\"ip\":\"203.0.113.5\"" + extra + "}";
    }

    static String login(String id, String user, long ts, boolean success) {
        return Json.toString(Map.of("schema", 1, "event_id", id, "type", "login", "user_id", user, "ts", ts,
                "ip", "198.51.100.7", "user_agent", "python-requests/2.31", "success", success));
    }

    @Test
    void judgesAScraperByItsBurstTakesOverAnAccountAndSendsBadInputToTheDlq() throws Exception {
        long t0 = System.currentTimeMillis() - 300_000;
        for (int i = 0; i < 40; i++) {
            STACK.kafka().send(Topics.CLICKSTREAM, "scraper", click("sc" + i, "page_view", "scraper", "s-scr", t0 + i * 100L,
                    ",\"url\":\"https://shop-1.example/item/" + i + "\",\"item_id\":\"i" + i + "\",\"user_agent\":\"python-requests/2.31\""));
        }
        for (int i = 0; i < 4; i++) {
            long ts = t0 + i * 20_000L;
            STACK.kafka().send(Topics.CLICKSTREAM, "person", click("p" + i, "page_view", "person", "s-per", ts,
                    ",\"url\":\"https://shop-1.example/item/" + i + "\",\"js\":true,\"screen\":\"1440x900\""));
            STACK.kafka().send(Topics.CLICKSTREAM, "person", click("pt" + i, "page_timing", "person", "s-per", ts + 800,
                    ",\"timing\":{\"load_ms\":900},\"js\":true"));
        }
        STACK.kafka().send(Topics.CLICKSTREAM, "broken", click("bad", "page_view", "broken", "s-b", t0, ",\"url\":\"u\",\"screen\":\"huge\""));
        for (int i = 0; i < 5; i++) STACK.kafka().send(Topics.MAIL_EVENTS, "victim", login("l" + i, "victim", t0 + i * 1_000L, false));
        STACK.kafka().send(Topics.MAIL_EVENTS, "victim", login("l5", "victim", t0 + 6_000L, true));

        // Event time moves on: a later event on every partition (after the others in it) closes the sessions (gap 5 s) and
        // lets the judge decide (delay 2 s).
        long later = t0 + 200_000;
        for (int p = 0; p < 2; p++) {
            STACK.kafka().sendAll(Topics.CLICKSTREAM, p, List.of(click("tick" + p, "page_view", "tick" + p, "s-tick" + p, later, ",\"url\":\"u\"")));
            STACK.kafka().sendAll(Topics.MAIL_EVENTS, p, List.of(login("tick-login" + p, "tick" + p, later, true)));
        }

        StreamExecutionEnvironment env = STACK.environment();
        env.setParallelism(2);
        AntibotJob.wireProduction(env, options());
        assertThat(JobGraphs.operatorsWithoutUid(env)).as("operators a savepoint could not map back").isEmpty();
        JobClient job = env.executeAsync("antibot-it");

        List<BotVerdict> verdicts = readUntil(Topics.BOT_VERDICTS, BotVerdict.class, vs -> has(vs, "scraper", BotVerdict.FINAL)
                && has(vs, "person", BotVerdict.SESSION_END) && vs.stream().anyMatch(v -> v.userId.equals("victim") && v.reasons.contains("account-takeover"))
                && vs.stream().anyMatch(v -> v.userId.equals("victim") && v.reasons.contains("login-failures")));
        BotVerdict fast = find(verdicts, "scraper", BotVerdict.SESSION_END);
        assertThat(fast.verdict).isEqualTo(BotVerdict.BOT);
        assertThat(fast.reasons).contains("pageview-burst");
        assertThat(fast.modelVersion).isEqualTo("it-1");
        assertThat(find(verdicts, "scraper", BotVerdict.EARLY)).isNotNull();
        assertThat(find(verdicts, "scraper", BotVerdict.FINAL).verdict).isEqualTo(BotVerdict.BOT);
        assertThat(verdicts).filteredOn(v -> v.userId.equals("victim") && v.stage.equals(BotVerdict.SIGNAL))
                .extracting(v -> v.reasons.get(0)).contains("login-failures", "account-takeover");

        List<BotSignal> signals = readUntil(Topics.BOT_SIGNALS, BotSignal.class,
                ss -> ss.stream().anyMatch(s -> s.patternId.equals("pageview-burst")) && ss.stream().anyMatch(s -> s.patternId.equals("account-takeover"))
                        && ss.stream().filter(s -> s.patternId.equals("login-failures")).count() >= 2);
        BotSignal burst = signals.stream().filter(s -> s.patternId.equals("pageview-burst")).findFirst().orElseThrow();
        assertThat(burst.key).isEqualTo("shop-1|s-scr");
        assertThat(burst.eventIds).hasSize(30).startsWith("sc0");
        assertThat(signals).filteredOn(s -> s.patternId.equals("login-failures")).extracting(s -> s.key)
                .contains("account:victim", "ip:198.51.100.7");

        try (Jedis j = STACK.redis().client()) {
            long deadline = System.currentTimeMillis() + 30_000; // the Redis sink flushes its batch a moment later
            while ((j.hget(RedisKeys.botIp("203.0.113.5"), "sessions") == null || j.hget(RedisKeys.botVisitor("scraper"), "verdict") == null)
                    && System.currentTimeMillis() < deadline) Thread.sleep(100);
            assertThat(j.hget(RedisKeys.botVisitor("scraper"), "verdict")).isEqualTo("bot");
            assertThat(j.ttl(RedisKeys.botVisitor("scraper"))).isPositive();
            assertThat(j.hget(RedisKeys.botIp("203.0.113.5"), "sessions")).isNotNull();
        }
        assertThat(readUntil(Topics.DEAD_LETTERS, DeadLetter.class, ds -> !ds.isEmpty()))
                .extracting(d -> d.reason).anySatisfy(r -> assertThat(r).contains("field 'screen'"));
        assertThat(job.getJobStatus().get()).isEqualTo(JobStatus.RUNNING);
        job.cancel().get();
    }

    @Test
    void refusesAMissingModelAndBadOptionsAtSubmission() {
        assertThatThrownBy(() -> AntibotJob.wireProduction(STACK.environment(), AntibotJobOptions.fromArgs(new String[] {
                "--kafka", STACK.kafka().bootstrap(), "--model", STACK.work().resolve("no-model").toString()})))
                .hasMessageContaining("no-model").hasMessageContaining("must hold meta.json and network.zip");
        assertThatThrownBy(() -> AntibotJobOptions.fromArgs(new String[0])).hasMessageContaining("--model DIR|URI is required");
        assertThatThrownBy(() -> AntibotJobOptions.fromArgs(new String[] {"--model", "m", "--metronome-cv", "2"}))
                .hasMessageContaining("--metronome-cv");
        assertThatThrownBy(() -> AntibotJobOptions.fromArgs(new String[] {"--model", "m", "--max-session-ms", "1000"}))
                .hasMessageContaining("--max-session-ms must exceed --session-gap-ms");
    }

    static AntibotJobOptions options() {
        return AntibotJobOptions.fromArgs(new String[] {
                "--kafka", STACK.kafka().bootstrap(), "--redis", STACK.redis().uri(), "--start-from", "earliest",
                "--model", model.toString(), "--session-gap-ms", "5000", "--judge-delay-ms", "2000", "--out-of-orderness-ms", "0",
                "--idleness-ms", "1000", "--batch-wait-ms", "20"});
    }

    static boolean has(List<BotVerdict> vs, String user, String stage) {
        return find(vs, user, stage) != null;
    }

    static BotVerdict find(List<BotVerdict> vs, String user, String stage) {
        return vs.stream().filter(v -> v.userId.equals(user) && v.stage.equals(stage)).findFirst().orElse(null);
    }

    static <T> List<T> readUntil(String topic, Class<T> type, Predicate<List<T>> done) throws Exception {
        return STACK.kafka().readUntil(topic, type, done);
    }
}
