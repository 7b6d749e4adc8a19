package com.streamlens.tools.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.streamlens.jobs.testing.KafkaBroker;
import com.streamlens.operators.io.kafka.KafkaIO;
import com.streamlens.operators.testing.RedisServer;
import com.streamlens.state.Topics;
import com.streamlens.state.records.ModelRelease;
import com.streamlens.state.redis.RedisKeys;
import com.streamlens.state.serde.Json;
import com.streamlens.tools.ToolMain;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

/** scripts/model against a real broker and a real redis-server. */
class ModelCommandTest {
    static KafkaBroker kafka;
    static RedisServer redis;
    @TempDir
    static Path dir;

    @BeforeAll
    static void start() throws Exception {
        kafka = KafkaBroker.start();
        KafkaIO.createMissingTopics(kafka.bootstrap(), 1, (short) 1);
        redis = RedisServer.start();
    }

    @AfterAll
    static void stop() throws Exception {
        redis.close();
        kafka.close();
    }

    static String run(String... args) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = ToolMain.run(args, a -> ModelCommand.run(a, new PrintStream(out, true, StandardCharsets.UTF_8)), new PrintStream(err, true, StandardCharsets.UTF_8));
        return code == 0 ? out.toString(StandardCharsets.UTF_8) : "exit " + code + ": " + err.toString(StandardCharsets.UTF_8);
    }

    static Path artefact(String version) throws Exception {
        Path a = Files.createDirectories(dir.resolve("spam-model-" + version));
        Files.writeString(a.resolve("meta.json"), "{\"version\":\"" + version + "\"}");
        Files.write(a.resolve("network.zip"), new byte[] {1, 2, 3});
        return a;
    }

    @Test
    void publishesAReleaseWithDigestsAndPlanThenSteersTheLatestOne() throws Exception {
        Path v7 = artefact("v7");
        String published = run("publish", "--name", "spam", "--artefact", v7.toString(), "--kafka", kafka.bootstrap(),
                "--stages", "10,100", "--min-dwell-seconds", "30");
        ModelRelease r = Json.MAPPER.readValue(published.trim(), ModelRelease.class);
        assertThat(r.model.version).isEqualTo("v7");
        assertThat(r.model.uri).isEqualTo(v7.toUri().toString());
        assertThat(r.model.files).containsOnlyKeys("meta.json", "network.zip");
        assertThat(r.plan.stages).containsExactly(10, 100);
        assertThat(r.plan.minDwellSeconds).isEqualTo(30);
        assertThat(r.control).isEqualTo(ModelRelease.PUBLISH);

        ModelRelease paused = Json.MAPPER.readValue(run("pause", "--name", "spam", "--kafka", kafka.bootstrap()).trim(), ModelRelease.class);
        assertThat(paused.model.sha256).isEqualTo(r.model.sha256);
        assertThat(paused.plan.stages).containsExactly(10, 100);
        assertThat(paused.control).isEqualTo(ModelRelease.PAUSE);
        assertThat(paused.issuedAt).isGreaterThanOrEqualTo(r.issuedAt);

        List<ModelRelease> onTopic = kafka.read(Topics.MODELS, 2, Duration.ofSeconds(20)).stream()
                .peek(rec -> assertThat(rec.key()).isEqualTo("spam"))
                .map(rec -> parse(rec.value())).toList();
        assertThat(onTopic).extracting(m -> m.control).containsExactly(ModelRelease.PUBLISH, ModelRelease.PAUSE);
        assertThat(ModelCommand.latest(kafka.bootstrap(), "spam").control).isEqualTo(ModelRelease.PAUSE);
    }

    @Test
    void badInputIsRefusedWithTheReasonAndNothingIsSent() throws Exception {
        assertThat(run("publish", "--name", "spam", "--artefact", dir.resolve("none").toString(), "--kafka", kafka.bootstrap()))
                .startsWith("exit 2").contains("is not a directory");
        assertThat(run("publish", "--name", "spam", "--artefact", artefact("v8").toString(), "--kafka", kafka.bootstrap(), "--stages", "50,20"))
                .startsWith("exit 2").contains("the release would be refused").contains("rising within 1..100");
        assertThat(run("publish", "--name", "nonsense", "--artefact", artefact("v9").toString())).contains("--name must be one of [spam, mail-categories, antibot, churn]");
        assertThat(run("rollback", "--name", "spam")).contains("unknown command 'rollback'");
        assertThat(run()).contains("usage: scripts/model");
    }

    @Test
    void statusIsOneJsonLineFromRedis() throws Exception {
        try (Jedis j = redis.client()) {
            j.del(RedisKeys.model("spam"));
            assertThat(run("status", "--name", "spam", "--redis", redis.uri())).startsWith("exit 2").contains("no rollout of spam in Redis");
            j.hset(RedisKeys.model("spam"), Map.ofEntries(Map.entry("serving_version", "v1"), Map.entry("candidate_version", "v2"),
                    Map.entry("stage_percent", "30"), Map.entry("state", "rolling"), Map.entry("reason", "stage 5% → 30%"), Map.entry("seq", "4"),
                    Map.entry("events", "120"), Map.entry("js", "0.01"), Map.entry("positive_rate_serving", "0.3"),
                    Map.entry("positive_rate_candidate", "0.31"), Map.entry("updated_at", "1")));
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> line = Json.MAPPER.readValue(run("status", "--name", "spam", "--redis", redis.uri()).trim(), Map.class);
        assertThat(line).containsEntry("serving", "v1").containsEntry("candidate", "v2").containsEntry("stage_percent", 30)
                .containsEntry("state", "rolling").containsEntry("reason", "stage 5% → 30%");
    }

    static ModelRelease parse(String json) {
        try {
            return Json.MAPPER.readValue(json, ModelRelease.class);
        } catch (Exception e) {
            throw new AssertionError(json, e);
        }
    }
}
