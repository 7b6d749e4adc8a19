package com.streamlens.jobs.mail;

import static com.streamlens.jobs.mail.MailSpamJobIT.parse;
import static org.assertj.core.api.Assertions.assertThat;

import com.streamlens.jobs.testing.JobGraphs;
import com.streamlens.jobs.testing.JobTestStack;
import com.streamlens.operators.mail.category.CategoryModelArtefact;
import com.streamlens.operators.mail.category.CategoryModelTest;
import com.streamlens.operators.mail.category.CategoryTrainer;
import com.streamlens.state.Topics;
import com.streamlens.state.events.DeadLetter;
import com.streamlens.state.records.FeedbackRejection;
import com.streamlens.state.records.MailRule;
import com.streamlens.state.records.MailVerdict;
import com.streamlens.state.records.SenderReputation;
import com.streamlens.state.records.SpamFeedback;
import com.streamlens.state.redis.RedisKeys;
import com.streamlens.state.serde.Json;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;

/**
 * The feedback loop end to end on real Kafka, Redis and a RocksDB MiniCluster: two validated spam clicks on a sender
 * make a personal rule that files the sender's next mail as spam, visible in Redis and on mail-rules; reports of
 * several users mark a sender bad for everyone; bad clicks are rejected with their reason, malformed ones dead-lettered.
 */
class MailFeedbackIT {
    @RegisterExtension
    static final JobTestStack STACK = JobTestStack.create();

    static final String HAM = "agenda for the project meeting and the team review of the draft report";
    private static int n;

    static void mail(String id, String user, String from) throws Exception {
        STACK.kafka().send(Topics.MAIL_EVENTS, user, Json.toString(Map.of("schema", 1, "event_id", "e-" + id, "type", "mail_received",
                "user_id", user, "ts", System.currentTimeMillis(), "mail_id", id, "from", from, "subject", "project meeting", "body", HAM)));
    }

    static void click(String user, String mailId, String action) throws Exception {
        STACK.kafka().send(Topics.MAIL_EVENTS, user, Json.toString(Map.of("schema", 1, "event_id", "f-" + (n++), "type", "feedback",
                "user_id", user, "ts", System.currentTimeMillis(), "mail_id", mailId, "action", action)));
    }

    static MailVerdict verdictOf(String mailId) throws Exception {
        return STACK.kafka().readUntil(Topics.MAIL_VERDICTS, MailVerdict.class, vs -> vs.stream().anyMatch(v -> v.mailId.equals(mailId)))
                .stream().filter(v -> v.mailId.equals(mailId)).findFirst().orElseThrow();
    }

    @Test
    void validatedClicksMakeRulesAndReputationThatDecideLaterMail() throws Exception {
        Path model = MailSpamJobIT.trainSmallModel(STACK.work());
        CategoryTrainer.Trained categories = CategoryTrainer.train(CategoryModelTest.corpus(30, 5), CategoryModelTest.CLASSES,
                CategoryModelTest.SMALL, line -> { });
        Path categoryModel = CategoryModelArtefact.save(STACK.work(), "c1", categories, CategoryModelTest.SMALL, Map.of(), "sha", "test");
        StreamExecutionEnvironment env = STACK.environment();
        env.setParallelism(2);
        MailSpamJob.wireProduction(env, MailSpamJobOptions.fromArgs(new String[] {
                "--kafka", STACK.kafka().bootstrap(), "--redis", STACK.redis().uri(), "--start-from", "earliest",
                "--model", model.toString(), "--category-model", categoryModel.toString(), "--early-click-wait-ms", "2000", "--reputation-users", "2", "--reputation-score", "0.6"}));
        assertThat(JobGraphs.operatorsWithoutUid(env)).isEmpty();
        JobClient job = env.executeAsync("mail-feedback-it");

        mail("p1", "u1", "Promo <promo@deals.example>");
        mail("p2", "u1", "promo@deals.example");
        mail("b1", "u2", "blast@bulk.example");
        mail("b2", "u3", "blast@bulk.example");
        assertThat(verdictOf("p1").verdict).as("the model lets it through").isEqualTo(MailVerdict.HAM);
        assertThat(verdictOf("p1").from).isEqualTo("promo@deals.example");
        assertThat(verdictOf("p1").category).as("a mail the spam model passed is categorised").isIn(CategoryModelTest.CLASSES);
        assertThat(verdictOf("p1").categoryModelVersion).isEqualTo("c1");
        verdictOf("p2");
        verdictOf("b1");
        verdictOf("b2");

        click("u1", "p1", "spam");
        click("u1", "p2", "spam");
        click("u1", "never-delivered", "spam");
        STACK.kafka().send(Topics.MAIL_EVENTS, "u1", "{\"schema\":1,\"event_id\":\"bad\",\"type\":\"feedback\",\"user_id\":\"u1\","
                + "\"ts\":" + System.currentTimeMillis() + ",\"mail_id\":\"p1\",\"action\":\"like\"}");
        click("u2", "b1", "spam");
        click("u3", "b2", "spam");

        List<MailRule> rules = STACK.kafka().readUntil(Topics.MAIL_RULES, MailRule.class,
                rs -> rs.stream().anyMatch(r -> r.kind.equals(MailRule.SENDER)));
        assertThat(rules).filteredOn(r -> r.kind.equals(MailRule.SENDER)).singleElement().satisfies(r -> {
            assertThat(r.ruleId).isEqualTo("sender:promo@deals.example");
            assertThat(r.effect).isEqualTo(MailRule.ALWAYS_SPAM);
            assertThat(r.userId).isEqualTo("u1");
        });
        // Each reported letter is a "letters like this" rule too: u1's second report was like its first (the same text).
        assertThat(rules).filteredOn(r -> r.kind.equals(MailRule.LETTER) && r.userId.equals("u1"))
                .extracting(r -> r.ruleId + " " + r.clicks).contains("letter:p1 1", "letter:p1 2");
        assertThat(STACK.kafka().read(Topics.MAIL_RULES, rules.size(), java.time.Duration.ofSeconds(5))).extracting(r -> r.key())
                .contains("u1|sender:promo@deals.example", "u1|letter:p1");
        List<SenderReputation> reputation = STACK.kafka().readUntil(Topics.SENDER_REPUTATION, SenderReputation.class,
                rs -> rs.stream().anyMatch(r -> r.bad && r.key.equals("sender:blast@bulk.example")));
        assertThat(reputation).anySatisfy(r -> assertThat(r.key + " " + r.bad + " " + r.reporters).isEqualTo("sender:blast@bulk.example true 2"));

        mail("p3", "u1", "promo@deals.example");
        mail("b3", "u4", "blast@bulk.example");
        MailVerdict byRule = verdictOf("p3");
        assertThat(byRule.verdict).isEqualTo(MailVerdict.SPAM);
        assertThat(byRule.modelVerdict).isEqualTo(MailVerdict.HAM);
        assertThat(byRule.decidedBy).isEqualTo(MailVerdict.BY_RULE);
        assertThat(byRule.rule).isEqualTo("sender:promo@deals.example");
        MailVerdict byReputation = verdictOf("b3");
        assertThat(byReputation.verdict).isEqualTo(MailVerdict.SPAM);
        assertThat(byReputation.decidedBy).isEqualTo(MailVerdict.BY_REPUTATION);

        try (Jedis j = STACK.redis().client()) {
            long deadline = System.currentTimeMillis() + 60_000;
            while (!"1".equals(j.hget(RedisKeys.mailUser("u1"), "overridden")) && System.currentTimeMillis() < deadline) Thread.sleep(100);
            Map<String, String> summary = j.hgetAll(RedisKeys.mailUser("u1"));
            assertThat(summary).containsEntry("mails", "3").containsEntry("spam", "1").containsEntry("overridden", "1");
            assertThat(summary.keySet().stream().filter(k -> k.startsWith("category:")).mapToLong(k -> Long.parseLong(summary.get(k))).sum())
                    .as("every mail the model passed counted under its category").isEqualTo(3);
            assertThat(j.hget(RedisKeys.mailRules("u1"), "sender:promo@deals.example")).contains("\"effect\":\"always_spam\"");
            assertThat(j.ttl(RedisKeys.mailRules("u1"))).isPositive();
        }
        List<SpamFeedback> feedback = STACK.kafka().readUntil(Topics.SPAM_FEEDBACK, SpamFeedback.class, fs -> fs.size() >= 4);
        assertThat(feedback).extracting(f -> f.mailId + ":" + f.label).containsExactlyInAnyOrder("p1:spam", "p2:spam", "b1:spam", "b2:spam");
        assertThat(feedback).allSatisfy(f -> assertThat(f.body).isEqualTo(HAM));
        List<FeedbackRejection> rejected = STACK.kafka().readUntil(Topics.FEEDBACK_REJECTIONS, FeedbackRejection.class, rs -> !rs.isEmpty());
        assertThat(rejected).singleElement().satisfies(r -> {
            assertThat(r.reason).isEqualTo(FeedbackRejection.UNKNOWN_MAIL);
            assertThat(r.mailId).isEqualTo("never-delivered");
        });
        List<DeadLetter> dead = STACK.kafka().readUntil(Topics.DEAD_LETTERS, DeadLetter.class, ds -> !ds.isEmpty());
        assertThat(dead).singleElement().satisfies(d -> assertThat(d.reason).contains("invalid value for field 'action': like"));
        assertThat(job.getJobStatus().get()).isEqualTo(JobStatus.RUNNING);
        job.cancel().get();
    }
}
