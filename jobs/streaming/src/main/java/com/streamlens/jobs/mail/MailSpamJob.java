package com.streamlens.jobs.mail;

import com.streamlens.jobs.common.BotFilter;
import com.streamlens.jobs.common.EventTopic;
import com.streamlens.jobs.common.JobEnvironment;
import com.streamlens.jobs.common.JobMain;
import com.streamlens.jobs.common.ModelRollouts;
import com.streamlens.operators.ingest.SplitDeadLetters;
import com.streamlens.operators.io.kafka.KafkaIO;
import com.streamlens.operators.io.redis.RedisSink;
import com.streamlens.operators.io.redis.RedisSinkOptions;
import com.streamlens.operators.io.redis.RedisWrite;
import com.streamlens.operators.mail.MailState;
import com.streamlens.operators.mail.MailboxInput;
import com.streamlens.operators.mail.ScoreMails;
import com.streamlens.operators.mail.SummarizeUserMail;
import com.streamlens.operators.mail.category.CategoriseMails;
import com.streamlens.operators.mail.category.CategoryModelArtefact;
import com.streamlens.operators.mail.category.CategoryModelKind;
import com.streamlens.operators.mail.feedback.ApplySenderReputation;
import com.streamlens.operators.mail.feedback.MailRuleToRedis;
import com.streamlens.operators.mail.feedback.SenderReport;
import com.streamlens.operators.mail.feedback.TrackSenderReputation;
import com.streamlens.operators.mail.feedback.UserMailbox;
import com.streamlens.operators.io.redis.RedisWrite;
import com.streamlens.operators.mail.spam.SpamModelArtefact;
import com.streamlens.operators.mail.spam.SpamModelKind;
import com.streamlens.operators.rollout.RolloutObservation;
import com.streamlens.state.Topics;
import com.streamlens.state.events.DeadLetter;
import com.streamlens.state.events.MailEvent;
import com.streamlens.state.events.MailType;
import com.streamlens.state.events.ParseResult;
import com.streamlens.state.records.BotVerdict;
import com.streamlens.state.records.FeedbackRejection;
import com.streamlens.state.records.MailRule;
import com.streamlens.state.records.MailVerdict;
import com.streamlens.state.records.ModelRollout;
import com.streamlens.state.records.SenderReputation;
import com.streamlens.state.records.SpamFeedback;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.Collector;

/**
 * Inline spam scoring, validated feedback, personal rules and global sender reputation.
 *
 * <pre>
 * mail-events ─► parse ─┬► mail_received ─► micro-batches (256 / 20 ms) ─► spam model ─► category model (ham) ─┐
 * models, model-rollouts ─► broadcast ──────────────────────────────┴───────────────┘                            │
 *                          observations ─► judge rollouts (keyed by model) ─► model-rollouts, model:{name}       │
 *                        ├► feedback ───────────────────────────────────────────────────────────────────┤
 * bot-verdicts ─► parse ─┤                                                                              ▼
 *                        └► dead-letters              keyBy user: mailbox (rules, validation) ─► sender reputation (broadcast) ─┬► mail-verdicts
 *                                                       ├► validated ─► spam-feedback; keyBy sender ─► sender-reputation ─┘     └► keyBy user ─► mail:user:{id}
 *                                                       ├► rejected ─► feedback-rejections
 *                                                       └► rules ─► mail-rules, mail:rules:{id}
 * </pre>
 */
public final class MailSpamJob {

    public record Sinks(Sink<MailVerdict> verdicts, Sink<DeadLetter> deadLetters, Sink<RedisWrite> redis, Sink<MailRule> rules,
                        Sink<SpamFeedback> feedback, Sink<FeedbackRejection> rejections, Sink<SenderReputation> reputation,
                        Sink<ModelRollout> rollouts) {}

    private MailSpamJob() {}

    public static void main(String[] args) throws Exception {
        JobMain.run(MailSpamJobOptions.JOB_NAME, MailSpamJobOptions.USAGE, args, MailSpamJobOptions::fromArgs, MailSpamJob::wireProduction);
    }

    /** The topics the job reads and writes. */
    static List<String> topics(MailSpamJobOptions opts) {
        List<String> topics = new ArrayList<>(List.of(Topics.MAIL_EVENTS, Topics.DEAD_LETTERS, Topics.MAIL_VERDICTS, Topics.MAIL_RULES,
                Topics.SPAM_FEEDBACK, Topics.FEEDBACK_REJECTIONS, Topics.SENDER_REPUTATION));
        if (opts.bots().enabled()) topics.add(Topics.BOT_VERDICTS);
        topics.addAll(ModelRollouts.topics(opts.rollouts()));
        return topics;
    }

    public static void wireProduction(StreamExecutionEnvironment env, MailSpamJobOptions opts) {
        JobEnvironment.forbidGenericTypes(env);
        // Fail at submission, with the file named, rather than in a restart loop on the task managers.
        SpamModelArtefact.load(opts.modelLocation());
        if (opts.categoryModelLocation() != null) CategoryModelArtefact.load(opts.categoryModelLocation());
        String kafka = opts.common().bootstrap();
        KafkaIO.requireTopics(kafka, topics(opts));
        DataStream<ParseResult<MailEvent>> mail = EventTopic.MAIL_EVENTS.source(env, opts.common(), WatermarkStrategy.noWatermarks());
        var delivery = opts.common().delivery();
        String tx = opts.common().groupId();
        build(mail, BotFilter.source(env, opts.common(), opts.bots()), ModelRollouts.sources(env, opts.common(), opts.rollouts()), opts, new Sinks(
                KafkaIO.jsonSink(kafka, Topics.MAIL_VERDICTS, v -> v.mailId, delivery, tx),
                KafkaIO.jsonSink(kafka, Topics.DEAD_LETTERS, d -> d.sourceTopic, delivery, tx),
                new RedisSink(opts.common().reachableRedis(), RedisSinkOptions.defaults()),
                KafkaIO.jsonSink(kafka, Topics.MAIL_RULES, MailRule::key, delivery, tx),
                KafkaIO.jsonSink(kafka, Topics.SPAM_FEEDBACK, f -> f.userId, delivery, tx),
                KafkaIO.jsonSink(kafka, Topics.FEEDBACK_REJECTIONS, r -> r.userId, delivery, tx),
                KafkaIO.jsonSink(kafka, Topics.SENDER_REPUTATION, r -> r.key, delivery, tx),
                ModelRollouts.sink(opts.common(), tx)));
    }

    /**
     * {@code botVerdicts}: the antibot's verdicts, whose bots' clicks are rejected; null when that is off.
     * {@code rollouts}: the model control topics; null when rollouts are off (the spam model given is served throughout).
     */
    public static void build(DataStream<ParseResult<MailEvent>> mail, DataStream<ParseResult<BotVerdict>> botVerdicts,
                             ModelRollouts.Sources rollouts, MailSpamJobOptions opts, Sinks sinks) {
        StreamExecutionEnvironment env = mail.getExecutionEnvironment();
        SingleOutputStreamOperator<MailEvent> parsed = EventTopic.MAIL_EVENTS.parse(mail, MailSpamJobOptions.JOB_NAME);
        ModelRollouts.Control control = ModelRollouts.parse(env, rollouts, MailSpamJobOptions.JOB_NAME);
        SingleOutputStreamOperator<MailboxInput> scored = ModelRollouts.score(
                parsed.filter(m -> m.type == MailType.MAIL_RECEIVED).uid("received-mails").name("received mails"),
                control, new SpamModelKind(opts.scoring()), opts.modelLocation(), new ScoreMails(),
                opts.maxBatch(), opts.maxWaitMs(), opts.rollouts(), "score-mails", TypeInformation.of(MailboxInput.class));
        Map<String, DataStream<RolloutObservation>> observations = new HashMap<>(Map.of(SpamModelKind.NAME, ModelRollouts.observations(scored)));
        if (opts.categoryModelLocation() != null) {
            scored = ModelRollouts.score(scored, control, new CategoryModelKind(), opts.categoryModelLocation(), new CategoriseMails(),
                    opts.maxBatch(), opts.maxWaitMs(), opts.rollouts(), "categorise-mails", TypeInformation.of(MailboxInput.class));
            observations.put(CategoryModelKind.NAME, ModelRollouts.observations(scored));
        }
        DataStream<MailboxInput> clicks = parsed
                .filter(m -> m.type == MailType.FEEDBACK).uid("feedback-clicks").name("feedback clicks")
                .map(MailboxInput::click).uid("feedback-inputs").name("as mailbox input");
        DataStream<MailboxInput> inputs = scored.union(clicks);
        DataStream<DeadLetter> deadLetters = parsed.getSideOutput(SplitDeadLetters.DEAD_LETTERS);
        if (botVerdicts != null) {
            SingleOutputStreamOperator<BotVerdict> bots = EventTopic.BOT_VERDICTS.parse(botVerdicts, MailSpamJobOptions.JOB_NAME);
            inputs = inputs.union(bots.map(MailboxInput::account).uid("bot-verdict-inputs").name("as mailbox input"));
            deadLetters = deadLetters.union(bots.getSideOutput(SplitDeadLetters.DEAD_LETTERS));
        }
        if (control.deadLetters() != null) deadLetters = deadLetters.union(control.deadLetters());

        SingleOutputStreamOperator<MailVerdict> personal = inputs
                .keyBy(MailboxInput::userId, Types.STRING)
                .process(new UserMailbox(opts.mailbox()), TypeInformation.of(MailVerdict.class)).uid("user-mailbox").name("mailbox: rules, feedback");
        DataStream<SpamFeedback> validated = personal.getSideOutput(UserMailbox.VALIDATED);
        SingleOutputStreamOperator<SenderReputation> reputation = validated
                .flatMap((SpamFeedback f, Collector<SenderReport> out) -> SenderReport.of(f, opts.mailbox()).forEach(out::collect))
                .returns(TypeInformation.of(SenderReport.class)).uid("sender-reports").name("sender reports")
                .keyBy(r -> r.key, Types.STRING)
                .process(new TrackSenderReputation(opts.mailbox())).uid("sender-reputation").name("sender reputation");
        SingleOutputStreamOperator<MailVerdict> verdicts = personal
                .connect(reputation.broadcast(MailState.badSenders()))
                .process(new ApplySenderReputation()).uid("apply-sender-reputation").name("apply sender reputation");

        verdicts.sinkTo(sinks.verdicts()).uid("mail-verdicts-sink").name("mail-verdicts");
        deadLetters.sinkTo(sinks.deadLetters()).uid("dead-letter-sink").name("dead-letters");
        DataStream<MailRule> rules = personal.getSideOutput(UserMailbox.RULE_CHANGES);
        rules.sinkTo(sinks.rules()).uid("mail-rules-sink").name("mail-rules");
        validated.sinkTo(sinks.feedback()).uid("spam-feedback-sink").name("spam-feedback");
        personal.getSideOutput(UserMailbox.REJECTED).sinkTo(sinks.rejections()).uid("feedback-rejections-sink").name("feedback-rejections");
        reputation.sinkTo(sinks.reputation()).uid("sender-reputation-sink").name("sender-reputation");
        DataStream<RedisWrite> redis = verdicts.keyBy(v -> v.userId, Types.STRING)
                .process(new SummarizeUserMail(opts.redisTtlSeconds())).uid("mail-user-summary").name("mail:user")
                .union(rules.map(new MailRuleToRedis(opts.mailbox())).uid("mail-rules-redis").name("mail:rules"));
        DataStream<RedisWrite> rolloutWrites = ModelRollouts.judgeAndPublish(control, observations, sinks.rollouts());
        if (rolloutWrites != null) redis = redis.union(rolloutWrites);
        redis.sinkTo(sinks.redis()).uid("redis-sink").name("redis");
    }
}
