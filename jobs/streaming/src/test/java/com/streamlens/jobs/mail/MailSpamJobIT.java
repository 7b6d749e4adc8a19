package com.streamlens.jobs.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.streamlens.jobs.testing.JobGraphs;
import com.streamlens.jobs.testing.JobTestStack;
import com.streamlens.jobs.testing.Repository;
import com.streamlens.jobs.testing.Savepoints;
import com.streamlens.jobs.testing.SqlGatewayServer;
import com.streamlens.operators.io.StaticFileServer;
import com.streamlens.operators.mail.spam.SpamModelArtefact;
import com.streamlens.operators.mail.spam.SpamScorer;
import com.streamlens.operators.mail.spam.SpamTrainer;
import com.streamlens.operators.mail.spam.SpamTrainerTest;
import com.streamlens.state.Topics;
import com.streamlens.state.events.DeadLetter;
import com.streamlens.state.records.MailVerdict;
import com.streamlens.state.redis.RedisKeys;
import com.streamlens.state.serde.Json;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.InjectClusterRESTAddress;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;

/** The mail job end to end: a trained artefact, real Kafka in and out, a RocksDB MiniCluster, real Redis. */
class MailSpamJobIT {
    @RegisterExtension
    static final JobTestStack STACK = JobTestStack.create();
    static Path model;
    static StaticFileServer modelServer;

    @BeforeAll
    static void startServicesAndTrain() throws Exception {
        model = trainSmallModel(STACK.work());
        modelServer = new StaticFileServer(STACK.work());
    }

    /** A small two-tower artefact (version "it-1") trained on a generated corpus it separates, saved under dir. */
    static Path trainSmallModel(Path dir) throws Exception {
        // Words on, as the default model: the job loads and scores both towers.
        SpamTrainer.Config cfg = new SpamTrainer.Config(1024, true, 16, 0.8, 1e-5, 5e-3, 5, 16, 3, 7);
        SpamTrainer.Trained trained = SpamTrainer.train(SpamTrainerTest.corpus(400, 1), cfg, line -> { });
        return SpamModelArtefact.save(dir, "it-1", trained, Map.of(), "sha", cfg);
    }

    @AfterAll
    static void stopModelServer() {
        modelServer.close();
    }

    static void mail(String id, String user, String subject, String body) throws Exception {
        STACK.kafka().send(Topics.MAIL_EVENTS, user, mailReceived(id, user, subject, body));
    }

    static String mailReceived(String id, String user, String subject, String body) {
        return Json.toString(Map.of("schema", 1, "event_id", "e-" + id, "type", "mail_received", "user_id", user,
                "ts", System.currentTimeMillis(), "mail_id", id, "from", "x@example.org", "subject", subject, "body", body));
    }

    @Test
    void scoresKnownMailsIntoVerdictsAndPerUserSummaries(@InjectClusterRESTAddress URI flinkRest) throws Exception {
        mail("s1", "u1", "claim your prize", "winner claim prize cheap pills casino free offer prize winner");
        mail("h1", "u1", "project meeting", "agenda for the project meeting and the team review of the draft report");
        mail("s2", "u2", "free offer", "casino winner free prize claim cheap viagra offer pills unsubscribe");
        mail("h2", "u2", "lunch schedule", "please review the invoice and the schedule for the team lunch today");
        STACK.kafka().send(Topics.MAIL_EVENTS, "u9", "{\"schema\":1,\"type\":\"mail_received\"}");

        StreamExecutionEnvironment env = STACK.environment();
        env.setParallelism(2);
        MailSpamJob.wireProduction(env, options("earliest"));
        assertThat(JobGraphs.operatorsWithoutUid(env)).as("operators a savepoint could not map back").isEmpty();
        JobClient job = env.executeAsync("mail-it");

        List<ConsumerRecord<String, String>> verdictRows = STACK.kafka().read(Topics.MAIL_VERDICTS, 4, Duration.ofSeconds(60));
        Map<String, MailVerdict> verdicts = verdictRows.stream()
                .map(r -> parse(r.value(), MailVerdict.class)).collect(Collectors.toMap(v -> v.mailId, v -> v));
        assertThat(verdicts).containsOnlyKeys("s1", "h1", "s2", "h2");
        assertThat(verdicts.get("s1").verdict).isEqualTo("spam");
        assertThat(verdicts.get("s2").verdict).isEqualTo("spam");
        assertThat(verdicts.get("h1").verdict).isEqualTo("ham");
        assertThat(verdicts.get("h2").verdict).isEqualTo("ham");
        assertThat(verdicts.values()).allSatisfy(v -> assertThat(v.modelVersion).isEqualTo("it-1"));

        try (Jedis j = STACK.redis().client()) {
            waitForMailCount(j, "u1", 2);
            Map<String, String> u1 = j.hgetAll(RedisKeys.mailUser("u1"));
            assertThat(u1).containsEntry("mails", "2").containsEntry("spam", "1");
            assertThat(u1.get("last_verdicts")).contains("\"mail_id\":\"h1\"").contains("\"mail_id\":\"s1\"");
            assertThat(j.ttl(RedisKeys.mailUser("u1"))).isPositive();
        }
        assertThat(STACK.kafka().read(Topics.DEAD_LETTERS, 1, Duration.ofSeconds(20)))
                .extracting(r -> parse(r.value(), DeadLetter.class).reason)
                .singleElement().satisfies(reason -> assertThat(reason).startsWith("missing required field"));
        assertThat(job.getJobStatus().get()).isEqualTo(JobStatus.RUNNING);

        // A verdict sent again (what a restart under at-least-once delivery does) counts once in the analysts' query.
        ConsumerRecord<String, String> again = verdictRows.get(0);
        STACK.kafka().send(again.topic(), again.key(), again.value());
        try (SqlGatewayServer gateway = SqlGatewayServer.start(flinkRest, STACK.kafka().bootstrap(), STACK.work().resolve("gateway"))) {
            List<Map<String, Object>> rows = gateway.runQueryFile(Repository.path("sql", "queries", "spam_share_by_model_version.sql"), sql -> sql);
            assertThat(rows).singleElement().satisfies(r -> {
                assertThat(r).containsEntry("model_version", "it-1").containsEntry("mails", 4L);
                assertThat(((Number) r.get("spam_share")).doubleValue()).isEqualTo(0.5);
            });
        }

        // An upgrade: stop with a savepoint, run again from it; u1's summary goes on from its two mails.
        String savepoint = Savepoints.stop(job, STACK.work().resolve("savepoints"));
        StreamExecutionEnvironment upgraded = STACK.environment();
        upgraded.setParallelism(2);
        MailSpamJob.wireProduction(upgraded, options("latest"));
        JobClient resumed = Savepoints.resume(upgraded, savepoint, "mail-it-upgraded");
        mail("s3", "u1", "free offer", "casino winner free prize claim cheap pills offer unsubscribe");
        try (Jedis j = STACK.redis().client()) {
            waitForMailCount(j, "u1", 3);
            assertThat(j.hgetAll(RedisKeys.mailUser("u1"))).containsEntry("mails", "3").containsEntry("spam", "2");
        }
        assertThat(resumed.getJobStatus().get()).isEqualTo(JobStatus.RUNNING);
        resumed.cancel().get();
    }

    /** Waits (up to a minute) until the user's Redis summary counts the given number of mails; the caller asserts. */
    static void waitForMailCount(Jedis j, String user, int mails) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 60_000;
        while (!String.valueOf(mails).equals(j.hget(RedisKeys.mailUser(user), "mails")) && System.currentTimeMillis() < deadline) Thread.sleep(100);
    }

    static MailSpamJobOptions options(String startFrom) {
        return MailSpamJobOptions.fromArgs(new String[] {
                "--kafka", STACK.kafka().bootstrap(), "--redis", STACK.redis().uri(), "--start-from", startFrom,
                // By URL, as a cluster whose task managers share no disk is given it: each subtask fetches it at open().
                "--model", modelServer.url(model.getFileName().toString())});
    }

    @Test
    void aMissingModelStopsTheJobAtSubmissionWithTheFileNamed() {
        StreamExecutionEnvironment env = STACK.environment();
        assertThatThrownBy(() -> MailSpamJob.wireProduction(env, MailSpamJobOptions.fromArgs(new String[] {
                "--kafka", STACK.kafka().bootstrap(), "--model", STACK.work().resolve("no-model").toString()})))
                .hasMessageContaining("no-model").hasMessageContaining("must hold meta.json and network.zip");
        assertThatThrownBy(() -> MailSpamJob.wireProduction(env, MailSpamJobOptions.fromArgs(new String[] {
                "--kafka", STACK.kafka().bootstrap(), "--model", modelServer.url("no-model")})))
                .hasMessageContaining(modelServer.url("no-model/meta.json") + " does not exist");
        assertThatThrownBy(() -> MailSpamJobOptions.fromArgs(new String[0])).hasMessageContaining("--model DIR|URI is required");
        assertThatThrownBy(() -> MailSpamJobOptions.fromArgs(new String[] {"--model", "m", "--scoring", "gpu"}))
                .hasMessageContaining("--scoring must be one of sparse|dense, got 'gpu'");
        assertThat(MailSpamJobOptions.fromArgs(new String[] {"--model", "m", "--scoring", "dense"}).scoring()).isEqualTo(SpamScorer.Pass.DENSE);
    }

    static <T> T parse(String json, Class<T> type) {
        try {
            return Json.MAPPER.readValue(json, type);
        } catch (Exception e) {
            throw new AssertionError(json, e);
        }
    }
}
