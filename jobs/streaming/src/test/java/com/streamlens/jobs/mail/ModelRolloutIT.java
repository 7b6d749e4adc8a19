package com.streamlens.jobs.mail;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.streamlens.jobs.testing.JobGraphs;
import com.streamlens.jobs.testing.JobTestStack;
import com.streamlens.jobs.testing.Savepoints;
import com.streamlens.operators.mail.spam.LabeledMail;
import com.streamlens.operators.mail.spam.SpamModelArtefact;
import com.streamlens.operators.mail.spam.SpamModelKind;
import com.streamlens.operators.mail.spam.SpamTrainer;
import com.streamlens.operators.mail.spam.SpamTrainerTest;
import com.streamlens.operators.rollout.ArtefactDigest;
import com.streamlens.operators.rollout.UserSlices;
import com.streamlens.state.Topics;
import com.streamlens.state.records.MailVerdict;
import com.streamlens.state.records.ModelRelease;
import com.streamlens.state.records.ModelRollout;
import com.streamlens.state.records.RolloutPlan;
import com.streamlens.state.redis.RedisKeys;
import com.streamlens.state.serde.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.commons.io.FileUtils;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;

/**
 * Spam models rolled out while the mail job runs, on real Kafka and Redis and a RocksDB MiniCluster: a retrained model
 * walks 5 → 30 → 50 → 100% by itself; a broken one (every mail spam) halts at 5% and rolls back, and only the 5% slice
 * ever got its verdicts; a corrupt artefact is rejected and the serving model goes on; a paused rollout survives a
 * restart from a savepoint, its slice still on the candidate, and is then promoted.
 */
class ModelRolloutIT {
    @RegisterExtension
    static final JobTestStack STACK = JobTestStack.create();

    static Path train(String version, long dataSeed, long seed) throws Exception {
        SpamTrainer.Config cfg = new SpamTrainer.Config(1024, true, 16, 0.8, 1e-5, 5e-3, 5, 16, 3, seed);
        SpamTrainer.Trained trained = SpamTrainer.train(SpamTrainerTest.corpus(400, dataSeed), cfg, line -> { });
        return SpamModelArtefact.save(STACK.work().resolve("models"), version, trained, Map.of(), "sha", cfg);
    }

    /** A copy of {@code from} as {@code version} with its meta.json changed by {@code edit}. */
    static Path variant(Path from, String version, java.util.function.Consumer<ObjectNode> edit) throws Exception {
        Path dir = STACK.work().resolve("models").resolve("spam-model-" + version);
        FileUtils.copyDirectory(from.toFile(), dir.toFile());
        ObjectNode meta = (ObjectNode) Json.MAPPER.readTree(dir.resolve("meta.json").toFile());
        meta.put("version", version);
        edit.accept(meta);
        Json.MAPPER.writeValue(dir.resolve("meta.json").toFile(), meta);
        return dir;
    }

    static RolloutPlan quickPlan() {
        RolloutPlan p = new RolloutPlan();
        p.minEvents = 40;
        p.minDwellSeconds = 1;
        p.failuresToHalt = 2;
        p.loadTimeoutSeconds = 120;
        return p;
    }

    static MailSpamJobOptions options(Path model) {
        return MailSpamJobOptions.fromArgs(new String[] {"--kafka", STACK.kafka().bootstrap(), "--redis", STACK.redis().uri(),
                "--start-from", "earliest", "--model", model.toString(), "--rollout-report-ms", "200"});
    }

    static void publish(String version, Path dir) throws Exception {
        control(version, dir, ModelRelease.PUBLISH, quickPlan());
    }

    /** What scripts/model writes: the release of the artefact in {@code dir} with {@code control} and {@code plan}, issued now. */
    static void control(String version, Path dir, String control, RolloutPlan plan) throws Exception {
        ModelRelease r = new ModelRelease();
        r.name = SpamModelKind.NAME;
        r.model = ArtefactDigest.ref(version, dir, dir.toUri().toString());
        r.plan = plan;
        r.control = control;
        r.issuedAt = System.currentTimeMillis();
        r.issuedBy = "model-rollout-it";
        STACK.kafka().send(Topics.MODELS, r.name, Json.toString(r));
    }

    /** The judge's records of one candidate version, once {@code state} was reached (the caller asserts). */
    static List<ModelRollout> rolloutUntil(String version, String state) throws Exception {
        return STACK.kafka().readUntil(Topics.MODEL_ROLLOUTS, ModelRollout.class,
                rs -> rs.stream().anyMatch(r -> r.candidate != null && version.equals(r.candidate.version) && state.equals(r.state)))
                .stream().filter(r -> r.candidate != null && version.equals(r.candidate.version)).toList();
    }

    /** Every verdict so far, once one was scored after {@code after} (ms). */
    static List<MailVerdict> verdictsUntil(long after) throws Exception {
        return STACK.kafka().readUntil(Topics.MAIL_VERDICTS, MailVerdict.class, vs -> vs.stream().anyMatch(v -> v.scoredAt > after));
    }

    @Test
    void aRetrainedModelRollsOutABrokenOneHaltsAtFivePercentAndACorruptOneIsRejected() throws Exception {
        Path v1 = train("it-1", 1, 7);
        Path v2 = train("it-2", 2, 8);
        Path broken = variant(v2, "it-3", meta -> meta.put("threshold", 0.0)); // every mail spam
        Path corrupt = variant(v2, "it-4", meta -> { });

        StreamExecutionEnvironment env = STACK.environment();
        env.setParallelism(2);
        MailSpamJob.wireProduction(env, options(v1));
        assertThat(JobGraphs.operatorsWithoutUid(env)).isEmpty();
        JobClient job = env.executeAsync("model-rollout-it");

        AtomicBoolean feeding = new AtomicBoolean(true);
        Thread feeder = new Thread(() -> feed(feeding), "mail-feeder");
        feeder.start();
        try {
            // 1. A retrained model goes from 5% to 100% by itself.
            publish("it-2", v2);
            List<ModelRollout> good = rolloutUntil("it-2", ModelRollout.COMPLETE);
            assertThat(good).extracting(r -> r.state).contains(ModelRollout.LOADING, ModelRollout.ROLLING).endsWith(ModelRollout.COMPLETE);
            assertThat(good.stream().filter(r -> r.state.equals(ModelRollout.ROLLING)).map(r -> r.stagePercent).distinct().toList())
                    .as("the stages, in order").containsExactly(5, 30, 50, 100);
            assertThat(good.get(good.size() - 1).serving.version).isEqualTo("it-2");
            try (Jedis j = STACK.redis().client()) {
                waitForRedisState(j, ModelRollout.COMPLETE);
                assertThat(j.hgetAll(RedisKeys.model("spam"))).containsEntry("serving_version", "it-2").containsEntry("stage_percent", "100");
            }
            long completeAt = good.get(good.size() - 1).updatedAt;
            List<MailVerdict> afterComplete = verdictsUntil(completeAt + 3_000).stream().filter(v -> v.scoredAt > completeAt + 3_000).toList();
            assertThat(afterComplete).isNotEmpty().allSatisfy(v -> assertThat(v.modelVersion).isEqualTo("it-2"));

            // 2. A broken model halts at 5% and rolls back; only the 5% slice ever saw its verdicts.
            publish("it-3", broken);
            List<ModelRollout> bad = rolloutUntil("it-3", ModelRollout.HALTED);
            ModelRollout halted = bad.get(bad.size() - 1);
            assertThat(halted.state).isEqualTo(ModelRollout.HALTED);
            assertThat(halted.stagePercent).isZero();
            assertThat(halted.reason).contains("halted at 5% after 2 failed gates").contains("positive rate");
            assertThat(bad).allSatisfy(r -> assertThat(r.stagePercent).isLessThanOrEqualTo(5));
            List<MailVerdict> all = verdictsUntil(halted.updatedAt + 3_000);
            List<MailVerdict> fromBroken = all.stream().filter(v -> "it-3".equals(v.modelVersion)).toList();
            assertThat(fromBroken).as("the broken model decided for its slice while it rolled").isNotEmpty()
                    .allSatisfy(v -> assertThat(UserSlices.bucket("spam", v.userId)).as(v.userId).isLessThan(5))
                    .allSatisfy(v -> assertThat(v.verdict).isEqualTo(MailVerdict.SPAM));
            assertThat(all.stream().filter(v -> v.scoredAt > halted.updatedAt + 3_000)).isNotEmpty()
                    .allSatisfy(v -> assertThat(v.modelVersion).as("rolled back").isEqualTo("it-2"));

            // 3. A corrupt artefact is rejected with the reason, and the serving model goes on.
            Files.write(corrupt.resolve("network.zip"), new byte[] {'P', 'K', 0, 0}, java.nio.file.StandardOpenOption.APPEND);
            publishCorrupt(corrupt, v2);
            List<ModelRollout> rejected = rolloutUntil("it-4", ModelRollout.REJECTED);
            ModelRollout last = rejected.get(rejected.size() - 1);
            assertThat(last.reason).contains("network.zip has sha256").contains("it-2 keeps serving");
            assertThat(verdictsUntil(last.updatedAt + 2_000).stream().filter(v -> v.scoredAt > last.updatedAt))
                    .isNotEmpty().allSatisfy(v -> assertThat(v.modelVersion).isEqualTo("it-2"));
            assertThat(job.getJobStatus().get()).isEqualTo(JobStatus.RUNNING);

            // 4. Operators steer through the models topic, and a rollout survives a restart from a savepoint.
            RolloutPlan slow = quickPlan();
            slow.minDwellSeconds = 3_600; // it holds at 5% until an operator acts
            control("it-1", v1, ModelRelease.PUBLISH, slow); // it-2 serves now: going back to it-1 is a rollout like any other
            rolloutUntil("it-1", ModelRollout.ROLLING);
            control("it-1", v1, ModelRelease.PAUSE, slow);
            List<ModelRollout> paused = rolloutUntil("it-1", ModelRollout.PAUSED);
            assertThat(paused.get(paused.size() - 1).reason).contains("paused by model-rollout-it at 5%");
            String savepoint = Savepoints.stop(job, STACK.work().resolve("savepoints"));
            StreamExecutionEnvironment again = STACK.environment();
            again.setParallelism(2);
            MailSpamJob.wireProduction(again, options(v1));
            job = Savepoints.resume(again, savepoint, "model-rollout-it-resumed");
            long resumedAt = System.currentTimeMillis();
            List<MailVerdict> afterRestart = verdictsUntil(resumedAt + 3_000).stream().filter(v -> v.scoredAt > resumedAt).toList();
            assertThat(afterRestart).isNotEmpty().allSatisfy(v -> assertThat(v.modelVersion).as(v.userId)
                    .isEqualTo(UserSlices.bucket("spam", v.userId) < 5 ? "it-1" : "it-2"));
            control("it-1", v1, ModelRelease.PROMOTE, slow);
            List<ModelRollout> promoted = rolloutUntil("it-1", ModelRollout.COMPLETE);
            ModelRollout done = promoted.get(promoted.size() - 1);
            assertThat(done.reason).contains("promoted by model-rollout-it at 5%");
            assertThat(done.serving.version).isEqualTo("it-1");
            assertThat(verdictsUntil(done.updatedAt + 3_000).stream().filter(v -> v.scoredAt > done.updatedAt + 3_000))
                    .isNotEmpty().allSatisfy(v -> assertThat(v.modelVersion).isEqualTo("it-1"));
        } finally {
            feeding.set(false);
            feeder.join();
            job.cancel().get();
        }
    }

    /** Publishes the corrupt copy with the digests of the intact model it was copied from: its network.zip no longer matches. */
    static void publishCorrupt(Path corrupt, Path intact) throws Exception {
        ModelRelease r = new ModelRelease();
        r.name = SpamModelKind.NAME;
        Map<String, String> files = new java.util.TreeMap<>(ArtefactDigest.files(corrupt));
        files.put("network.zip", ArtefactDigest.sha256(intact.resolve("network.zip")));
        r.model = com.streamlens.state.records.ModelRef.of("it-4", corrupt.toUri().toString(), ArtefactDigest.manifest(files), files);
        r.plan = quickPlan();
        r.control = ModelRelease.PUBLISH;
        r.issuedAt = System.currentTimeMillis();
        STACK.kafka().send(Topics.MODELS, r.name, Json.toString(r));
    }

    static void waitForRedisState(Jedis j, String state) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 30_000;
        while (!state.equals(j.hget(RedisKeys.model("spam"), "state")) && System.currentTimeMillis() < deadline) Thread.sleep(100);
    }

    /** About 400 mails a second from 2,000 users, spam and ham, until told to stop. */
    static void feed(AtomicBoolean feeding) {
        List<LabeledMail> texts = SpamTrainerTest.corpus(600, 42);
        try (KafkaProducer<String, String> p = STACK.kafka().producer()) {
            for (int i = 0; feeding.get(); i++) {
                String user = "user-" + (i % 2_000);
                LabeledMail m = texts.get(i % texts.size());
                p.send(new ProducerRecord<>(Topics.MAIL_EVENTS, user, MailSpamJobIT.mailReceived("m" + i, user, "msg", m.text())));
                if (i % 40 == 0) Thread.sleep(100);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
