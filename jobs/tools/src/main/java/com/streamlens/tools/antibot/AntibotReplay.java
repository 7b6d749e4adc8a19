package com.streamlens.tools.antibot;

import com.streamlens.jobs.antibot.AntibotJob;
import com.streamlens.jobs.antibot.AntibotJobOptions;
import com.streamlens.operators.antibot.AntibotSettings;
import com.streamlens.operators.ingest.ParsedEventTime;
import com.streamlens.operators.ingest.SplitLateEvents;
import com.streamlens.operators.io.BadInput;
import com.streamlens.operators.io.kafka.ParsingDeserializer;
import com.streamlens.state.Topics;
import com.streamlens.state.events.ClickEvent;
import com.streamlens.state.events.MailEvent;
import com.streamlens.state.events.ParseResult;
import com.streamlens.state.events.RawRecord;
import com.streamlens.state.records.BotVerdict;
import com.streamlens.state.records.SessionCase;
import com.streamlens.state.serde.ClickEventParser;
import com.streamlens.state.serde.Json;
import com.streamlens.state.serde.MailEventParser;
import com.streamlens.tools.ClickstreamFile;
import com.streamlens.tools.generator.BotTraffic;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.apache.flink.api.common.typeinfo.TypeHint;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;

/**
 * Replays a labelled event stream through the antibot job's own code on an in-process Flink cluster (bounded input: the
 * end of the input moves event time past every timer). Payloads go through the product's parsers, so a malformed line
 * is a dead letter here too, counted and reported, never fatal.
 */
public final class AntibotReplay {
    private static final Pattern MAIL_TYPE = Pattern.compile("\"type\"\\s*:\\s*\"(login|registration|mail_received|feedback)\"");

    private AntibotReplay() {}

    /** Event payloads (as a topic carries them) and the truth per user id. */
    public record Traffic(List<byte[]> clicks, List<byte[]> mails, Map<String, String> labels) {
        public static Traffic generated(long seed, long start, int days, BotTraffic.Mix mix) {
            BotTraffic t = new BotTraffic(seed, start, days, 5_000, mix);
            return new Traffic(t.clicks().stream().map(Json::toBytes).toList(), t.mails().stream().map(Json::toBytes).toList(), t.labels());
        }

        /** The events whose user id passes {@code keep}, and their labels. */
        public Traffic only(Predicate<String> keep) {
            Map<String, String> l = new LinkedHashMap<>();
            labels.forEach((u, v) -> {
                if (keep.test(u)) l.put(u, v);
            });
            return new Traffic(filter(clicks, keep), filter(mails, keep), l);
        }

        private static List<byte[]> filter(List<byte[]> payloads, Predicate<String> keep) {
            List<byte[]> out = new ArrayList<>();
            for (byte[] p : payloads) {
                String user = userOf(p);
                if (user == null || keep.test(user)) out.add(p);
            }
            return out;
        }
    }

    /**
     * Reads {@code --events FILE.jsonl[.gz]} (clickstream and mail events, one JSON object per line, in the product's
     * schema) and {@code --labels FILE.csv} (user_id,label; label "human" or a bot type; a header line is allowed).
     */
    public static Traffic read(Path events, Path labelsFile) throws IOException {
        if (!Files.isRegularFile(events)) throw new BadInput(events + ": no such file");
        if (!Files.isRegularFile(labelsFile)) throw new BadInput(labelsFile + ": no such file");
        List<byte[]> clicks = new ArrayList<>(), mails = new ArrayList<>();
        try (InputStream in = ClickstreamFile.open(events); BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                if (line.isBlank()) continue;
                (MAIL_TYPE.matcher(line).find() ? mails : clicks).add(line.getBytes(StandardCharsets.UTF_8));
            }
        }
        Map<String, String> labels = new LinkedHashMap<>();
        int n = 0;
        for (String line : Files.readAllLines(labelsFile)) {
            n++;
            if (line.isBlank() || (n == 1 && line.startsWith("user_id"))) continue;
            String[] f = line.split(",", -1);
            if (f.length != 2 || f[0].isBlank() || f[1].isBlank()) {
                throw new BadInput(labelsFile + ":" + n + ": expected user_id,label, got '" + line + "'");
            }
            labels.put(f[0].trim(), f[1].trim());
        }
        if (labels.values().stream().noneMatch(BotTraffic.HUMAN::equals) || labels.values().stream().allMatch(BotTraffic.HUMAN::equals)) {
            throw new BadInput(labelsFile + ": the labels must name humans and at least one bot type");
        }
        return new Traffic(clicks, mails, labels);
    }

    /** Every verdict the job emits for this traffic with the model at {@code model} (early, session end, final, signal). */
    public static Result replay(Traffic t, String model, AntibotSettings settings) throws Exception {
        StreamExecutionEnvironment env = environment();
        Parsed parsed = parse(t);
        AntibotJobOptions opts = AntibotJobOptions.fromArgs(new String[] {"--model", model, "--out-of-orderness-ms", "5000"});
        opts = new AntibotJobOptions(opts.common(), model, settings, opts.maxBatch(), opts.maxWaitMs(), opts.rollouts());
        var out = AntibotJob.build(
                env.fromData(parsed.clicks(), TypeInformation.of(new TypeHint<ParseResult<ClickEvent>>() {}))
                        .assignTimestampsAndWatermarks(AntibotJob.clickWatermarks(opts)),
                env.fromData(parsed.mails(), TypeInformation.of(new TypeHint<ParseResult<MailEvent>>() {}))
                        .assignTimestampsAndWatermarks(ParsedEventTime.boundedOutOfOrderness(opts.common().outOfOrderness(),
                                opts.common().idleness(), m -> m.ts)),
                null, opts, new AntibotJob.Sinks(new DiscardingSink<>(), new DiscardingSink<>(), new DiscardingSink<>(), new DiscardingSink<>(),
                        new DiscardingSink<>(), null));
        List<BotVerdict> verdicts = new ArrayList<>();
        try (var it = out.verdicts().executeAndCollect("antibot-replay")) {
            it.forEachRemaining(verdicts::add);
        }
        return new Result(verdicts, parsed.rejected());
    }

    public record Result(List<BotVerdict> verdicts, int rejected) {}

    /** The session-end cases (features with signal counts) of the clickstream, for training. */
    public static List<SessionCase> sessionEnds(Traffic t, AntibotSettings settings) throws Exception {
        StreamExecutionEnvironment env = environment();
        Parsed parsed = parse(t);
        List<ClickEvent> valid = new ArrayList<>();
        for (ParseResult<ClickEvent> r : parsed.clicks()) if (r.rejected == null) valid.add(r.event);
        valid.sort(Comparator.comparingLong(e -> e.ts));
        DataStream<ClickEvent> clicks = env.fromData(valid, TypeInformation.of(ClickEvent.class))
                .assignTimestampsAndWatermarks(org.apache.flink.api.common.eventtime.WatermarkStrategy
                        .<ClickEvent>forBoundedOutOfOrderness(java.time.Duration.ofSeconds(5)).withTimestampAssigner((e, ts) -> e.ts));
        var onTime = clicks.process(new SplitLateEvents(1)).uid("antibot-late-clicks");
        List<SessionCase> out = new ArrayList<>();
        try (var it = AntibotJob.sessions(onTime, settings).cases()
                .filter(c -> BotVerdict.SESSION_END.equals(c.fast.stage)).executeAndCollect("antibot-features")) {
            it.forEachRemaining(out::add);
        }
        return out;
    }

    private record Parsed(List<ParseResult<ClickEvent>> clicks, List<ParseResult<MailEvent>> mails, int rejected) {}

    private static Parsed parse(Traffic t) {
        ClickEventParser cp = new ClickEventParser();
        MailEventParser mp = new MailEventParser();
        List<ParseResult<ClickEvent>> clicks = new ArrayList<>(t.clicks().size());
        List<ParseResult<MailEvent>> mails = new ArrayList<>(t.mails().size());
        int rejected = 0;
        long offset = 0;
        for (byte[] p : t.clicks()) {
            ParseResult<ClickEvent> r = ParsingDeserializer.parse(cp, new RawRecord(Topics.CLICKSTREAM, 0, offset++, -1L, p));
            if (r.rejected != null) rejected++;
            clicks.add(r);
        }
        for (byte[] p : t.mails()) {
            ParseResult<MailEvent> r = ParsingDeserializer.parse(mp, new RawRecord(Topics.MAIL_EVENTS, 0, offset++, -1L, p));
            if (r.rejected != null) rejected++;
            mails.add(r);
        }
        clicks.sort(Comparator.comparingLong(r -> r.rejected == null ? r.event.ts : Long.MIN_VALUE));
        mails.sort(Comparator.comparingLong(r -> r.rejected == null ? r.event.ts : Long.MIN_VALUE));
        return new Parsed(clicks, mails, rejected);
    }

    /** One task slot, so a replay is deterministic; the default (heap) state backend keeps it quick. */
    private static StreamExecutionEnvironment environment() {
        return StreamExecutionEnvironment.createLocalEnvironment(1, new Configuration());
    }

    /** The user id of a payload, without parsing it whole (for splitting by visitor). */
    static String userOf(byte[] payload) {
        String s = new String(payload, StandardCharsets.UTF_8);
        int k = s.indexOf("\"user_id\"");
        if (k < 0) return null;
        int q1 = s.indexOf('"', s.indexOf(':', k) + 1);
        int q2 = q1 < 0 ? -1 : s.indexOf('"', q1 + 1);
        return q1 < 0 || q2 < 0 ? null : s.substring(q1 + 1, q2);
    }
}
