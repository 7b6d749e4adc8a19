package com.streamlens.jobs.churn;

import com.streamlens.jobs.common.EventTopic;
import com.streamlens.jobs.common.JobEnvironment;
import com.streamlens.jobs.common.JobMain;
import com.streamlens.operators.churn.ChurnModelArtefact;
import com.streamlens.operators.churn.ChurnScoreToRedis;
import com.streamlens.operators.churn.ScoreChurn;
import com.streamlens.operators.churn.TrackCustomers;
import com.streamlens.operators.ingest.ParsedEventTime;
import com.streamlens.operators.ingest.SplitDeadLetters;
import com.streamlens.operators.io.kafka.KafkaIO;
import com.streamlens.operators.io.redis.RedisSink;
import com.streamlens.operators.io.redis.RedisSinkOptions;
import com.streamlens.operators.io.redis.RedisWrite;
import com.streamlens.operators.runtime.MicroBatchOperator;
import com.streamlens.state.Topics;
import com.streamlens.state.events.ClickEvent;
import com.streamlens.state.events.DeadLetter;
import com.streamlens.state.events.MailEvent;
import com.streamlens.state.events.MailType;
import com.streamlens.state.events.ParseResult;
import com.streamlens.state.records.ChurnCase;
import com.streamlens.state.records.ChurnScore;
import java.util.List;
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
 * mail-events ─► parse ─► logins, feedback ─────┘                                                                                     └► churn:user, churn:at-risk
 * </pre>
 */
public final class ChurnJob {

    public record Sinks(Sink<ChurnScore> scores, Sink<DeadLetter> deadLetters, Sink<RedisWrite> redis) {}

    private ChurnJob() {}

    public static void main(String[] args) throws Exception {
        JobMain.run(ChurnJobOptions.JOB_NAME, ChurnJobOptions.USAGE, args, ChurnJobOptions::fromArgs, ChurnJob::wireProduction);
    }

    public static void wireProduction(StreamExecutionEnvironment env, ChurnJobOptions opts) {
        JobEnvironment.forbidGenericTypes(env);
        ChurnModelArtefact.load(opts.modelLocation()); // a bad artefact fails the submission, naming the file
        String kafka = opts.common().bootstrap();
        KafkaIO.requireTopics(kafka, List.of(Topics.CLICKSTREAM, Topics.MAIL_EVENTS, Topics.DEAD_LETTERS, Topics.CHURN_SCORES));
        var delivery = opts.common().delivery();
        String tx = opts.common().groupId();
        var c = opts.common();
        build(EventTopic.CLICKSTREAM.source(env, c, ParsedEventTime.boundedOutOfOrderness(c.outOfOrderness(), c.idleness(), e -> e.ts)),
                EventTopic.MAIL_EVENTS.source(env, c, ParsedEventTime.boundedOutOfOrderness(c.outOfOrderness(), c.idleness(), m -> m.ts)),
                opts, new Sinks(
                        KafkaIO.jsonSink(kafka, Topics.CHURN_SCORES, ChurnScore::key, delivery, tx + "-scores"),
                        KafkaIO.jsonSink(kafka, Topics.DEAD_LETTERS, d -> d.sourceTopic, delivery, tx + "-dlq"),
                        new RedisSink(opts.common().reachableRedis(), RedisSinkOptions.defaults())));
    }

    /** Wires the pipeline between the parsed topics (with event-time watermarks from their sources) and the sinks; returns the scores. */
    public static DataStream<ChurnScore> build(DataStream<ParseResult<ClickEvent>> clicks, DataStream<ParseResult<MailEvent>> mail,
                                               ChurnJobOptions opts, Sinks sinks) {
        SingleOutputStreamOperator<ClickEvent> parsedClicks = EventTopic.CLICKSTREAM.parse(clicks, ChurnJobOptions.JOB_NAME);
        SingleOutputStreamOperator<MailEvent> parsedMail = EventTopic.MAIL_EVENTS.parse(mail, ChurnJobOptions.JOB_NAME);
        DataStream<MailEvent> accounts = parsedMail.filter(ChurnJob::isAccountActivity).uid("churn-account-activity").name("logins, feedback");
        SingleOutputStreamOperator<ChurnCase> due = parsedClicks.keyBy(e -> e.userId, Types.STRING)
                .connect(accounts.keyBy(m -> m.userId, Types.STRING))
                .process(new TrackCustomers(opts.settings()), TypeInformation.of(ChurnCase.class))
                .uid("churn-customers").name("customer activity, score timers");
        SingleOutputStreamOperator<ChurnScore> scores = due
                .transform("score churn", TypeInformation.of(ChurnScore.class),
                        new MicroBatchOperator<>(new ScoreChurn(opts.modelLocation()), opts.maxBatch(), opts.maxWaitMs()))
                .uid("churn-score");
        scores.sinkTo(sinks.scores()).uid("churn-scores-sink").name("churn-scores");
        scores.flatMap(new ChurnScoreToRedis(opts.settings()), TypeInformation.of(RedisWrite.class)).uid("churn-redis-writes").name("churn:user, churn:at-risk")
                .sinkTo(sinks.redis()).uid("redis-sink").name("redis");
        parsedClicks.getSideOutput(SplitDeadLetters.DEAD_LETTERS).union(parsedMail.getSideOutput(SplitDeadLetters.DEAD_LETTERS))
                .sinkTo(sinks.deadLetters()).uid("dead-letter-sink").name("dead-letters");
        return scores;
    }

    /** Logins and feedback clicks of a known user: what says a customer is still around. */
    static boolean isAccountActivity(MailEvent m) {
        return m.userId != null && !m.userId.isBlank() && (m.type == MailType.LOGIN || m.type == MailType.FEEDBACK);
    }
}
