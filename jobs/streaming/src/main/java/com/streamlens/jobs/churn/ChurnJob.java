package com.streamlens.jobs.churn;

import com.streamlens.jobs.common.EventTopic;
import com.streamlens.jobs.common.JobEnvironment;
import com.streamlens.jobs.common.JobMain;
import com.streamlens.jobs.common.ModelRollouts;
import com.streamlens.operators.churn.ChurnModelArtefact;
import com.streamlens.operators.churn.ChurnModelKind;
import com.streamlens.operators.churn.ChurnScoreToRedis;
import com.streamlens.operators.churn.ScoreChurn;
import com.streamlens.operators.churn.TrackCustomers;
import com.streamlens.operators.ingest.ParsedEventTime;
import com.streamlens.operators.ingest.SplitDeadLetters;
import com.streamlens.operators.io.kafka.KafkaIO;
import com.streamlens.operators.io.redis.RedisSink;
import com.streamlens.operators.io.redis.RedisSinkOptions;
import com.streamlens.operators.io.redis.RedisWrite;
import com.streamlens.state.Topics;
import com.streamlens.state.events.ClickEvent;
import com.streamlens.state.events.DeadLetter;
import com.streamlens.state.events.MailEvent;
import com.streamlens.state.events.MailType;
import com.streamlens.state.events.ParseResult;
import com.streamlens.state.records.ChurnCase;
import com.streamlens.state.records.ChurnScore;
import com.streamlens.state.records.ModelRollout;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Churn: every customer's (user id's) activity per site in keyed RocksDB state, scored by a DL4J model once a day of
 * event time (and at purchase milestones), with the three strongest reasons; at-risk lists per site in Redis.
 *
 * <pre>
 * clickstream ─► parse ────────────────────────┐
 *                                                ├► keyBy user: activity per site, daily + milestone timers ─► micro-batches ─► model ─┬► churn-scores
 * models, model-rollouts ─► broadcast ──────────┼───────────────────────────────────────────────────────────────────┘ (rollouts: judge ─► model-rollouts, model:churn)
 * mail-events ─► parse ─► logins, feedback ─────┘                                                                                     └► churn:user, churn:at-risk
 * </pre>
 */
public final class ChurnJob {

    /** {@code rollouts}: the churn model's rollout records ({@code model-rollouts}); unused when rollouts are off. */
    public record Sinks(Sink<ChurnScore> scores, Sink<DeadLetter> deadLetters, Sink<RedisWrite> redis, Sink<ModelRollout> rollouts) {}

    private ChurnJob() {}

    public static void main(String[] args) throws Exception {
        JobMain.run(ChurnJobOptions.JOB_NAME, ChurnJobOptions.USAGE, args, ChurnJobOptions::fromArgs, ChurnJob::wireProduction);
    }

    public static void wireProduction(StreamExecutionEnvironment env, ChurnJobOptions opts) {
        JobEnvironment.forbidGenericTypes(env);
        ChurnModelArtefact.load(opts.modelLocation()); // a bad artefact fails the submission, naming the file
        String kafka = opts.common().bootstrap();
        List<String> topics = new ArrayList<>(List.of(Topics.CLICKSTREAM, Topics.MAIL_EVENTS, Topics.DEAD_LETTERS, Topics.CHURN_SCORES));
        topics.addAll(ModelRollouts.topics(opts.rollouts()));
        KafkaIO.requireTopics(kafka, topics);
        var delivery = opts.common().delivery();
        String tx = opts.common().groupId();
        var c = opts.common();
        build(EventTopic.CLICKSTREAM.source(env, c, ParsedEventTime.boundedOutOfOrderness(c.outOfOrderness(), c.idleness(), e -> e.ts)),
                EventTopic.MAIL_EVENTS.source(env, c, ParsedEventTime.boundedOutOfOrderness(c.outOfOrderness(), c.idleness(), m -> m.ts)),
                ModelRollouts.sources(env, c, opts.rollouts()), opts, new Sinks(
                        KafkaIO.jsonSink(kafka, Topics.CHURN_SCORES, ChurnScore::key, delivery, tx + "-scores"),
                        KafkaIO.jsonSink(kafka, Topics.DEAD_LETTERS, d -> d.sourceTopic, delivery, tx + "-dlq"),
                        new RedisSink(opts.common().reachableRedis(), RedisSinkOptions.defaults()),
                        ModelRollouts.sink(c, tx + "-rollouts")));
    }

    /**
     * Wires the pipeline between the parsed topics (with event-time watermarks from their sources) and the sinks; returns
     * the scores. {@code rollouts}: the model control topics, or null (the churn model given is served throughout).
     */
    public static DataStream<ChurnScore> build(DataStream<ParseResult<ClickEvent>> clicks, DataStream<ParseResult<MailEvent>> mail,
                                               ModelRollouts.Sources rollouts, ChurnJobOptions opts, Sinks sinks) {
        ModelRollouts.Control control = ModelRollouts.parse(clicks.getExecutionEnvironment(), rollouts, ChurnJobOptions.JOB_NAME);
        SingleOutputStreamOperator<ClickEvent> parsedClicks = EventTopic.CLICKSTREAM.parse(clicks, ChurnJobOptions.JOB_NAME);
        SingleOutputStreamOperator<MailEvent> parsedMail = EventTopic.MAIL_EVENTS.parse(mail, ChurnJobOptions.JOB_NAME);
        DataStream<MailEvent> accounts = parsedMail.filter(ChurnJob::isAccountActivity).uid("churn-account-activity").name("logins, feedback");
        SingleOutputStreamOperator<ChurnCase> due = parsedClicks.keyBy(e -> e.userId, Types.STRING)
                .connect(accounts.keyBy(m -> m.userId, Types.STRING))
                .process(new TrackCustomers(opts.settings()), TypeInformation.of(ChurnCase.class))
                .uid("churn-customers").name("customer activity, score timers");
        SingleOutputStreamOperator<ChurnScore> scores = ModelRollouts.score(due, control, new ChurnModelKind(), opts.modelLocation(),
                new ScoreChurn(), opts.maxBatch(), opts.maxWaitMs(), opts.rollouts(), "churn-score", TypeInformation.of(ChurnScore.class));
        scores.sinkTo(sinks.scores()).uid("churn-scores-sink").name("churn-scores");
        DataStream<RedisWrite> redis = scores.flatMap(new ChurnScoreToRedis(opts.settings()), TypeInformation.of(RedisWrite.class))
                .uid("churn-redis-writes").name("churn:user, churn:at-risk");
        DataStream<RedisWrite> rolloutWrites = ModelRollouts.judgeAndPublish(control, Map.of(ChurnModelKind.NAME, ModelRollouts.observations(scores)),
                sinks.rollouts());
        if (rolloutWrites != null) redis = redis.union(rolloutWrites);
        redis.sinkTo(sinks.redis()).uid("redis-sink").name("redis");
        DataStream<DeadLetter> deadLetters = parsedClicks.getSideOutput(SplitDeadLetters.DEAD_LETTERS).union(parsedMail.getSideOutput(SplitDeadLetters.DEAD_LETTERS));
        if (control.deadLetters() != null) deadLetters = deadLetters.union(control.deadLetters());
        deadLetters.sinkTo(sinks.deadLetters()).uid("dead-letter-sink").name("dead-letters");
        return scores;
    }

    /** Logins and feedback clicks of a known user: what says a customer is still around. */
    static boolean isAccountActivity(MailEvent m) {
        return m.userId != null && !m.userId.isBlank() && (m.type == MailType.LOGIN || m.type == MailType.FEEDBACK);
    }
}
