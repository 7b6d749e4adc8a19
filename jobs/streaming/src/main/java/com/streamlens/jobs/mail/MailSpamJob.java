package com.streamlens.jobs.mail;

import com.streamlens.jobs.common.EventTopic;
import com.streamlens.jobs.common.JobEnvironment;
import com.streamlens.jobs.common.JobMain;
import com.streamlens.operators.ingest.SplitDeadLetters;
import com.streamlens.operators.io.kafka.KafkaIO;
import com.streamlens.operators.io.redis.RedisSink;
import com.streamlens.operators.io.redis.RedisSinkOptions;
import com.streamlens.operators.io.redis.RedisWrite;
import com.streamlens.operators.mail.ScoreMails;
import com.streamlens.operators.mail.SummarizeUserMail;
import com.streamlens.operators.mail.spam.SpamModelArtefact;
import com.streamlens.operators.runtime.MicroBatchOperator;
import com.streamlens.state.Topics;
import com.streamlens.state.events.DeadLetter;
import com.streamlens.state.events.MailEvent;
import com.streamlens.state.events.MailType;
import com.streamlens.state.events.ParseResult;
import com.streamlens.state.records.MailVerdict;
import java.nio.file.Path;
import java.util.List;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Inline spam scoring.
 *
 * <pre>
 * mail-events ─► parse ─► mail_received ─► micro-batches (256 / 20 ms) ─► spam model ─┬► mail-verdicts
 *                  └► dead-letters                                                       └► keyBy user ─► mail:user:{id}
 * </pre>
 */
public final class MailSpamJob {

    public record Sinks(Sink<MailVerdict> verdicts, Sink<DeadLetter> deadLetters, Sink<RedisWrite> redis) {}

    private MailSpamJob() {}

    public static void main(String[] args) throws Exception {
        JobMain.run(MailSpamJobOptions.JOB_NAME, MailSpamJobOptions.USAGE, args, MailSpamJobOptions::fromArgs, MailSpamJob::wireProduction);
    }

    public static void wireProduction(StreamExecutionEnvironment env, MailSpamJobOptions opts) {
        JobEnvironment.forbidGenericTypes(env);
        // Fail at submission, with the file named, rather than in a restart loop on the task managers.
        SpamModelArtefact.load(opts.modelLocation());
        String kafka = opts.common().bootstrap();
        KafkaIO.requireTopics(kafka, List.of(Topics.MAIL_EVENTS, Topics.DEAD_LETTERS, Topics.MAIL_VERDICTS));
        DataStream<ParseResult<MailEvent>> mail = EventTopic.MAIL_EVENTS.source(env, opts.common(), WatermarkStrategy.noWatermarks());
        var delivery = opts.common().delivery();
        String txPrefix = opts.common().groupId();
        build(mail, opts, new Sinks(
                KafkaIO.jsonSink(kafka, Topics.MAIL_VERDICTS, v -> v.mailId, delivery, txPrefix),
                KafkaIO.jsonSink(kafka, Topics.DEAD_LETTERS, d -> d.sourceTopic, delivery, txPrefix),
                new RedisSink(opts.common().reachableRedis(), RedisSinkOptions.defaults())));
    }

    public static void build(DataStream<ParseResult<MailEvent>> mail, MailSpamJobOptions opts, Sinks sinks) {
        SingleOutputStreamOperator<MailEvent> parsed = EventTopic.MAIL_EVENTS.parse(mail, MailSpamJobOptions.JOB_NAME);
        SingleOutputStreamOperator<MailVerdict> verdicts = parsed
                .filter(m -> m.type == MailType.MAIL_RECEIVED).uid("received-mails").name("received mails")
                .transform("score mails", TypeInformation.of(MailVerdict.class),
                        new MicroBatchOperator<>(new ScoreMails(opts.modelLocation(), opts.scoring()), opts.maxBatch(), opts.maxWaitMs()))
                .uid("score-mails");

        verdicts.sinkTo(sinks.verdicts()).uid("mail-verdicts-sink").name("mail-verdicts");
        parsed.getSideOutput(SplitDeadLetters.DEAD_LETTERS).sinkTo(sinks.deadLetters()).uid("dead-letter-sink").name("dead-letters");
        verdicts.keyBy(v -> v.userId, Types.STRING)
                .process(new SummarizeUserMail(opts.redisTtlSeconds())).uid("mail-user-summary").name("mail:user")
                .sinkTo(sinks.redis()).uid("redis-sink").name("redis");
    }
}
