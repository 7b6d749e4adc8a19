package com.streamlens.jobs.antibot;

import com.streamlens.jobs.common.EventTopic;
import com.streamlens.jobs.common.JobEnvironment;
import com.streamlens.jobs.common.JobMain;
import com.streamlens.jobs.common.ModelRollouts;
import com.streamlens.operators.antibot.AntibotModelArtefact;
import com.streamlens.operators.antibot.AntibotSettings;
import com.streamlens.operators.antibot.AttachSignals;
import com.streamlens.operators.antibot.BotPatterns;
import com.streamlens.operators.antibot.CaughtIpLogins;
import com.streamlens.operators.antibot.CountIpSessions;
import com.streamlens.operators.antibot.LoginSignalEvents;
import com.streamlens.operators.antibot.ScoreSessions;
import com.streamlens.operators.antibot.SessionModelKind;
import com.streamlens.operators.antibot.SignalVerdicts;
import com.streamlens.operators.antibot.SlowJudge;
import com.streamlens.operators.antibot.ToBotSignal;
import com.streamlens.operators.antibot.TrackSessions;
import com.streamlens.operators.antibot.VerdictToRedis;
import com.streamlens.operators.ingest.LateEventToDeadLetter;
import com.streamlens.operators.ingest.ParsedEventTime;
import com.streamlens.operators.ingest.SplitDeadLetters;
import com.streamlens.operators.ingest.SplitLateEvents;
import com.streamlens.operators.io.kafka.KafkaIO;
import com.streamlens.operators.io.redis.RedisSink;
import com.streamlens.operators.io.redis.RedisSinkOptions;
import com.streamlens.operators.io.redis.RedisWrite;
import com.streamlens.state.Topics;
import com.streamlens.state.events.ClickEvent;
import com.streamlens.state.events.DeadLetter;
import com.streamlens.state.events.MailEvent;
import com.streamlens.state.events.ParseResult;
import com.streamlens.state.records.AntibotExample;
import com.streamlens.state.records.BotSignal;
import com.streamlens.state.records.BotVerdict;
import com.streamlens.state.records.ModelRollout;
import com.streamlens.state.records.SessionCase;
import com.streamlens.state.records.SignalEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.cep.CEP;
import org.apache.flink.cep.pattern.Pattern;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.KeyedStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Antibot: a fast online decision (Flink CEP patterns and a DL4J session model, micro-batched) and a slow judge that
 * decides again after the session, with hindsight; where they disagree, the session becomes training data.
 *
 * <pre>
 * clickstream ─► parse ─► keyBy session: features, timers ─┬► early / session-end cases ─► keyBy session: + signal counts ─► micro-batches ─► model + rule ─┬► bot-verdicts, bot:visitor
 *                                                          └► views, carts ─► CEP: burst, metronome, blind buy ─┬─────────────────▲                               └► keyBy IP: counts, bot:ip, hold 1 h ─► keyBy visitor: judge ─┬► bot-verdicts (final)
 * mail-events ─► parse ─► logins, registrations ─► CEP: failures, takeover, registration burst ─► account verdicts ─┴► bot-signals                                                                                └► antibot-training
 * </pre>
 */
public final class AntibotJob {

    /** {@code rollouts}: the session model's rollout records ({@code model-rollouts}); unused when rollouts are off. */
    public record Sinks(Sink<BotVerdict> verdicts, Sink<BotSignal> signals, Sink<AntibotExample> training, Sink<DeadLetter> deadLetters,
                        Sink<RedisWrite> redis, Sink<ModelRollout> rollouts) {}

    /** What the job emits, for callers that read it in-process (the evaluation replays every verdict). */
    public record Outputs(DataStream<BotVerdict> verdicts, DataStream<BotSignal> signals) {}

    private AntibotJob() {}

    public static void main(String[] args) throws Exception {
        JobMain.run(AntibotJobOptions.JOB_NAME, AntibotJobOptions.USAGE, args, AntibotJobOptions::fromArgs, AntibotJob::wireProduction);
    }

    public static void wireProduction(StreamExecutionEnvironment env, AntibotJobOptions opts) {
        JobEnvironment.forbidGenericTypes(env);
        AntibotModelArtefact.load(opts.modelLocation()); // a bad artefact fails the submission, naming the file
        String kafka = opts.common().bootstrap();
        List<String> topics = new ArrayList<>(List.of(Topics.CLICKSTREAM, Topics.MAIL_EVENTS, Topics.DEAD_LETTERS, Topics.BOT_SIGNALS,
                Topics.BOT_VERDICTS, Topics.ANTIBOT_TRAINING));
        topics.addAll(ModelRollouts.topics(opts.rollouts()));
        KafkaIO.requireTopics(kafka, topics);
        var delivery = opts.common().delivery();
        String tx = opts.common().groupId();
        build(EventTopic.CLICKSTREAM.source(env, opts.common(), clickWatermarks(opts)),
                EventTopic.MAIL_EVENTS.source(env, opts.common(),
                        ParsedEventTime.boundedOutOfOrderness(opts.common().outOfOrderness(), opts.common().idleness(), m -> m.ts)),
                ModelRollouts.sources(env, opts.common(), opts.rollouts()), opts, new Sinks(
                        KafkaIO.jsonSink(kafka, Topics.BOT_VERDICTS, v -> v.userId, delivery, tx + "-verdicts"),
                        KafkaIO.jsonSink(kafka, Topics.BOT_SIGNALS, s -> s.key, delivery, tx + "-signals"),
                        KafkaIO.jsonSink(kafka, Topics.ANTIBOT_TRAINING, e -> e.userId, delivery, tx + "-training"),
                        KafkaIO.jsonSink(kafka, Topics.DEAD_LETTERS, d -> d.sourceTopic, delivery, tx + "-dlq"),
                        new RedisSink(opts.common().reachableRedis(), RedisSinkOptions.defaults()),
                        ModelRollouts.sink(opts.common(), tx + "-rollouts")));
    }

    public static WatermarkStrategy<ParseResult<ClickEvent>> clickWatermarks(AntibotJobOptions opts) {
        return ParsedEventTime.boundedOutOfOrderness(opts.common().outOfOrderness(), opts.common().idleness(), e -> e.ts);
    }

    /**
     * Wires the pipeline between the parsed topics (with event-time watermarks from their sources) and the sinks;
     * {@code rollouts}: the model control topics, or null (the session model given is served throughout).
     */
    public static Outputs build(DataStream<ParseResult<ClickEvent>> clicks, DataStream<ParseResult<MailEvent>> mail,
                                ModelRollouts.Sources rollouts, AntibotJobOptions opts, Sinks sinks) {
        AntibotSettings settings = opts.settings();
        ModelRollouts.Control control = ModelRollouts.parse(clicks.getExecutionEnvironment(), rollouts, AntibotJobOptions.JOB_NAME);
        var patterns = settings.patterns();
        SingleOutputStreamOperator<ClickEvent> parsedClicks = EventTopic.CLICKSTREAM.parse(clicks, AntibotJobOptions.JOB_NAME);
        SingleOutputStreamOperator<ClickEvent> onTime = parsedClicks
                .process(new SplitLateEvents(1)).uid("antibot-late-clicks").name("late clicks");
        Sessions sessions = sessions(onTime, settings);

        SingleOutputStreamOperator<MailEvent> parsedMail = EventTopic.MAIL_EVENTS.parse(mail, AntibotJobOptions.JOB_NAME);
        SingleOutputStreamOperator<SignalEvent> loginEvents = parsedMail
                .process(new LoginSignalEvents(), TypeInformation.of(SignalEvent.class)).uid("antibot-login-events").name("logins");
        KeyedStream<SignalEvent, String> accounts = loginEvents.keyBy(e -> e.key, Types.STRING);
        DataStream<BotSignal> accountSignals = cep(accounts, BotPatterns.loginFailures(patterns), new ToBotSignal(BotPatterns.LOGIN_FAILURES))
                .union(cep(accounts, BotPatterns.accountTakeover(patterns), new ToBotSignal(BotPatterns.ACCOUNT_TAKEOVER)),
                        cep(accounts, BotPatterns.registrationBurst(patterns),
                                new ToBotSignal(BotPatterns.REGISTRATION_BURST)));

        SingleOutputStreamOperator<SessionCase> scored = ModelRollouts.score(sessions.cases(), control, new SessionModelKind(),
                opts.modelLocation(), new ScoreSessions(settings.weights()), opts.maxBatch(), opts.maxWaitMs(), opts.rollouts(),
                "antibot-score-sessions", TypeInformation.of(SessionCase.class));

        SingleOutputStreamOperator<SessionCase> held = scored
                .filter(c -> BotVerdict.SESSION_END.equals(c.fast.stage)).uid("antibot-session-ends").name("session ends")
                .keyBy(CountIpSessions::keyOf, Types.STRING)
                .process(new CountIpSessions(settings), TypeInformation.of(SessionCase.class))
                .uid("antibot-ip-sessions").name("IP sessions, held for the judge");
        SingleOutputStreamOperator<BotVerdict> judged = held
                .keyBy(c -> c.fast.userId, Types.STRING)
                .process(new SlowJudge(), TypeInformation.of(BotVerdict.class))
                .uid("antibot-judge").name("slow judge");

        DataStream<BotVerdict> caughtIpLogins = loginEvents.filter(CaughtIpLogins::isIpLogin).uid("antibot-ip-logins").name("logins by IP")
                .keyBy(e -> e.key, Types.STRING)
                .connect(accountSignals.filter(CaughtIpLogins::isIpLoginMatch).uid("antibot-ip-login-matches").name("login matches by IP")
                        .keyBy(s -> s.key, Types.STRING))
                .process(new CaughtIpLogins(settings), TypeInformation.of(BotVerdict.class))
                .uid("antibot-caught-ip-logins").name("logins from caught IPs");
        DataStream<BotVerdict> verdicts = scored.map(c -> c.fast, TypeInformation.of(BotVerdict.class)).uid("antibot-fast-verdicts").name("fast verdicts")
                .union(judged, accountSignals.flatMap(new SignalVerdicts(settings.weights()), TypeInformation.of(BotVerdict.class))
                        .uid("antibot-account-verdicts").name("account verdicts"), caughtIpLogins);
        DataStream<BotSignal> signals = sessions.signals().union(accountSignals);

        verdicts.sinkTo(sinks.verdicts()).uid("bot-verdicts-sink").name("bot-verdicts");
        signals.sinkTo(sinks.signals()).uid("bot-signals-sink").name("bot-signals");
        judged.getSideOutput(SlowJudge.TRAINING).sinkTo(sinks.training()).uid("antibot-training-sink").name("antibot-training");
        DataStream<DeadLetter> deadLetters = parsedClicks.getSideOutput(SplitDeadLetters.DEAD_LETTERS)
                .union(parsedMail.getSideOutput(SplitDeadLetters.DEAD_LETTERS),
                        onTime.getSideOutput(SplitLateEvents.LATE)
                                .map(new LateEventToDeadLetter<>(Topics.CLICKSTREAM, AntibotJobOptions.JOB_NAME, (ClickEvent e) -> e.ts,
                                        "the antibot's patterns have passed it"), TypeInformation.of(DeadLetter.class))
                                .uid("antibot-late-clicks-dlq").name("late clicks to DLQ"),
                        loginEvents.getSideOutput(LoginSignalEvents.LATE)
                                .map(new LateEventToDeadLetter<>(Topics.MAIL_EVENTS, AntibotJobOptions.JOB_NAME, (MailEvent m) -> m.ts,
                                        "the login patterns have passed it"), TypeInformation.of(DeadLetter.class))
                                .uid("antibot-late-logins-dlq").name("late logins to DLQ"));
        if (control.deadLetters() != null) deadLetters = deadLetters.union(control.deadLetters());
        deadLetters.sinkTo(sinks.deadLetters()).uid("dead-letter-sink").name("dead-letters");
        long ttl = settings.verdictTtl().toSeconds();
        DataStream<RedisWrite> redis = verdicts.map(new VerdictToRedis(ttl), TypeInformation.of(RedisWrite.class)).uid("antibot-visitor-redis").name("bot:visitor")
                .union(held.getSideOutput(CountIpSessions.REDIS));
        DataStream<RedisWrite> rolloutWrites = ModelRollouts.judgeAndPublish(control,
                Map.of(SessionModelKind.NAME, ModelRollouts.observations(scored)), sinks.rollouts());
        if (rolloutWrites != null) redis = redis.union(rolloutWrites);
        redis.sinkTo(sinks.redis()).uid("redis-sink").name("redis");
        return new Outputs(verdicts, signals);
    }

    /** A session's cases with their signal counts, ready to score, and the session patterns' signals. */
    public record Sessions(SingleOutputStreamOperator<SessionCase> cases, DataStream<BotSignal> signals) {}

    /** The fast path up to the model: session features and timers, the session patterns, their counts attached. */
    public static Sessions sessions(DataStream<ClickEvent> onTime, AntibotSettings settings) {
        var patterns = settings.patterns();
        SingleOutputStreamOperator<SessionCase> cases = onTime
                .keyBy(TrackSessions::keyOf, Types.STRING)
                .process(new TrackSessions(settings), TypeInformation.of(SessionCase.class))
                .uid("antibot-sessions").name("session features");
        // Each pattern gets only the kinds it reads: CEP buffers every event it is given in RocksDB until the watermark passes.
        DataStream<SignalEvent> sessionEvents = cases.getSideOutput(TrackSessions.SIGNAL_EVENTS);
        KeyedStream<SignalEvent, String> views = sessionEvents.filter(e -> e.kind == SignalEvent.Kind.PAGE_VIEW)
                .uid("antibot-page-views").name("page views").keyBy(e -> e.key, Types.STRING);
        KeyedStream<SignalEvent, String> buys = sessionEvents.filter(e -> e.kind != SignalEvent.Kind.PAGE_VIEW)
                .uid("antibot-carts-purchases").name("carts, purchases").keyBy(e -> e.key, Types.STRING);
        DataStream<BotSignal> signals = cep(views, BotPatterns.pageViewBurst(patterns), new ToBotSignal(BotPatterns.PAGEVIEW_BURST))
                .union(cep(views, BotPatterns.metronome(patterns), ToBotSignal.metronome(patterns.metronomeCv())),
                        cep(buys, BotPatterns.blindBuy(settings.sessionGap()), new ToBotSignal(BotPatterns.BLIND_BUY)));
        SingleOutputStreamOperator<SessionCase> withCounts = cases
                .keyBy((SessionCase c) -> TrackSessions.keyOf(c), Types.STRING)
                .connect(signals.keyBy(s -> s.key, Types.STRING))
                .process(new AttachSignals(settings), TypeInformation.of(SessionCase.class))
                .uid("antibot-attach-signals").name("session signals");
        return new Sessions(withCounts, signals);
    }

    /** One pattern on a keyed stream, in event time; the operator's uid is the pattern id's. */
    private static DataStream<BotSignal> cep(KeyedStream<SignalEvent, String> keyed, Pattern<SignalEvent, ?> pattern, ToBotSignal fn) {
        String id = fn.patternId();
        return CEP.pattern(keyed, pattern).process(fn, TypeInformation.of(BotSignal.class)).uid("antibot-cep-" + id).name("CEP " + id);
    }
}
