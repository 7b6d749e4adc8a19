package com.streamlens.jobs.mail;

import static com.streamlens.jobs.mail.MailSpamJobIT.mailReceived;
import static com.streamlens.jobs.mail.MailSpamJobIT.parse;
import static com.streamlens.jobs.mail.MailSpamJobIT.waitForMailCount;
import static org.assertj.core.api.Assertions.assertThat;

import com.streamlens.jobs.testing.Failover;
import com.streamlens.jobs.testing.JobTestStack;
import com.streamlens.state.Topics;
import com.streamlens.state.records.MailVerdict;
import com.streamlens.state.redis.RedisKeys;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.JobID;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;

/**
 * Mails waiting in a micro-batch when a checkpoint comes are scored into it; mails waiting when the task manager dies
 * are read again after the restart; every verdict reaches readers once and the per-user counts are not inflated.
 */
class MailSpamFailoverIT {
    @RegisterExtension
    static final JobTestStack STACK = JobTestStack.forFailover();

    static final String SPAM = "casino winner free prize claim cheap pills offer unsubscribe";
    static final String HAM = "agenda for the project meeting and the team review of the draft report";

    @Test
    void mailsInABatchOrInFlightAtACrashAreScoredExactlyOnce(@InjectMiniCluster MiniCluster cluster) throws Exception {
        Path model = MailSpamJobIT.trainSmallModel(STACK.work());
        // An upstream exactly-once producer's aborted write: never a mail to score.
        STACK.kafka().sendAborted(Topics.MAIL_EVENTS, "u1", mailReceived("aborted", "u1", "claim your prize", SPAM));
        send("s1", "u1", "claim your prize", SPAM);
        send("h1", "u1", "project meeting", HAM);
        STACK.kafka().send(Topics.MAIL_EVENTS, "u9", "{\"schema\":1,\"type\":\"mail_received\",\"n\":1}");

        StreamExecutionEnvironment env = STACK.environment();
        env.setParallelism(2);
        // Batches wait up to a minute (the longest allowed), so only a checkpoint flushes them within the test.
        MailSpamJob.wireProduction(env, MailSpamJobOptions.fromArgs(new String[] {
                "--kafka", STACK.kafka().bootstrap(), "--redis", STACK.redis().uri(), "--start-from", "earliest",
                "--group-id", "mail-failover-it", "--delivery", "exactly-once", "--model", model.toString(),
                "--batch-wait-ms", "60000"}));
        JobClient job = env.executeAsync("mail-failover-it");
        JobID id = job.getJobID();

        // The dead letter shows the source has read both mails (one partition, in order); they wait in their batch.
        assertThat(STACK.kafka().readUncommitted(Topics.DEAD_LETTERS, 1, Duration.ofSeconds(60))).hasSize(1);
        assertThat(STACK.kafka().readUncommitted(Topics.MAIL_VERDICTS, 1, Duration.ofSeconds(2))).as("still batched").isEmpty();
        long first = Failover.checkpoint(cluster, id);
        assertThat(STACK.kafka().read(Topics.MAIL_VERDICTS, 2, Duration.ofSeconds(30)))
                .as("the barrier flushed the batch into checkpoint 1").extracting(r -> r.key()).containsExactlyInAnyOrder("s1", "h1");
        try (Jedis j = STACK.redis().client()) {
            waitForMailCount(j, "u1", 2);
            assertThat(j.hgetAll(RedisKeys.mailUser("u1"))).containsEntry("mails", "2").containsEntry("spam", "1");
        }

        // Two more mails and a second dead letter, read and batched (the dead letter in an open transaction); then the crash.
        send("s2", "u1", "free offer", SPAM);
        send("h2", "u2", "lunch schedule", HAM);
        STACK.kafka().send(Topics.MAIL_EVENTS, "u9", "{\"schema\":1,\"type\":\"mail_received\",\"n\":2}");
        assertThat(STACK.kafka().readUncommitted(Topics.DEAD_LETTERS, 2, Duration.ofSeconds(60))).hasSize(2);
        Failover.killTaskManager(cluster);

        // Restored from checkpoint 1, the source reads s2, h2 and the bad event again (its dead letter, a third copy, shows
        // it has: one partition, in order); only then may checkpoint 2 come, which flushes and commits them. A barrier
        // before the re-read would leave them batched for the minute's wait.
        assertThat(STACK.kafka().readUncommitted(Topics.DEAD_LETTERS, 3, Duration.ofSeconds(60))).hasSize(3);
        long second = Failover.checkpoint(cluster, id);
        assertThat(second).isGreaterThan(first);
        assertThat(Failover.restoredCheckpoint(cluster, id)).as("resumed from checkpoint 1").isEqualTo(first);

        List<MailVerdict> verdicts = STACK.kafka().read(Topics.MAIL_VERDICTS, 5, Duration.ofSeconds(5)).stream()
                .map(r -> parse(r.value(), MailVerdict.class)).toList();
        assertThat(verdicts).extracting(v -> v.mailId + "=" + v.verdict).as("each mail once, none lost in the crash, none from an aborted write")
                .containsExactlyInAnyOrder("s1=spam", "h1=ham", "s2=spam", "h2=ham");
        assertThat(STACK.kafka().read(Topics.DEAD_LETTERS, 3, Duration.ofSeconds(5))).as("each bad event once").hasSize(2);
        assertThat(STACK.kafka().readUncommitted(Topics.DEAD_LETTERS, 4, Duration.ofSeconds(5)))
                .as("the second dead letter's first copy died in an aborted transaction").hasSize(3);
        try (Jedis j = STACK.redis().client()) {
            waitForMailCount(j, "u1", 3);
            assertThat(j.hgetAll(RedisKeys.mailUser("u1"))).as("counted from restored state, not added twice")
                    .containsEntry("mails", "3").containsEntry("spam", "2");
            assertThat(j.hget(RedisKeys.mailUser("u1"), "last_verdicts").split("\"mail_id\":\"s2\"", -1))
                    .as("s2 once among the last verdicts").hasSize(2);
            waitForMailCount(j, "u2", 1);
            assertThat(j.hgetAll(RedisKeys.mailUser("u2"))).containsEntry("mails", "1").containsEntry("spam", "0");
        }
        job.cancel().get();
    }

    private static void send(String id, String user, String subject, String body) throws Exception {
        STACK.kafka().send(Topics.MAIL_EVENTS, user, mailReceived(id, user, subject, body));
    }
}
