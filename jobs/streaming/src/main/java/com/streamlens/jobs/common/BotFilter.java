package com.streamlens.jobs.common;

import com.streamlens.operators.antibot.DropBotTraffic;
import com.streamlens.operators.ingest.SplitDeadLetters;
import com.streamlens.state.events.ClickEvent;
import com.streamlens.state.events.DeadLetter;
import com.streamlens.state.events.ParseResult;
import com.streamlens.state.records.BotVerdict;
import java.io.Serializable;
import java.time.Duration;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.ParameterTool;

/**
 * What the recommendations and A/B jobs share to keep bots out: the {@code bot-verdicts} topic read as a table, and a
 * keyed connect that drops the clicks of visitors whose latest verdict says bot ({@link DropBotTraffic}).
 */
public final class BotFilter {
    public static final String USAGE = """
              --drop-bots true|false       drop the events of visitors the antibot judged bots (bot-verdicts; default true)
              --bot-verdict-ttl-seconds N  how long a bot verdict keeps a visitor out (default 86400)
            """;

    /** The filter's options. */
    public record Options(boolean enabled, Duration ttl) implements Serializable {
        public static Options from(ParameterTool p) {
            return new Options(Args.flag(p, "drop-bots", true),
                    Duration.ofSeconds(Args.longIn(p, "bot-verdict-ttl-seconds", 86_400, 1, 90L * 86_400)));
        }
    }

    /** The filtered clicks, and the dead letters of verdict records that could not be read. */
    public record Filtered(DataStream<ClickEvent> clicks, DataStream<DeadLetter> deadLetters) {}

    private BotFilter() {}

    /** The verdicts topic when the filter is on, else null. */
    public static DataStream<ParseResult<BotVerdict>> source(StreamExecutionEnvironment env, CommonOptions common, Options o) {
        return o.enabled() ? EventTopic.BOT_VERDICTS.source(env, common, WatermarkStrategy.noWatermarks()) : null;
    }

    /** {@code clicks} without the judged bots' events; unchanged when {@code verdicts} is null (the filter is off). */
    public static Filtered apply(DataStream<ClickEvent> clicks, DataStream<ParseResult<BotVerdict>> verdicts, Options o, String job) {
        if (verdicts == null) return new Filtered(clicks, null);
        SingleOutputStreamOperator<BotVerdict> parsed = EventTopic.BOT_VERDICTS.parse(verdicts, job);
        SingleOutputStreamOperator<ClickEvent> kept = clicks
                .keyBy(e -> e.userId, Types.STRING)
                .connect(parsed.keyBy(v -> v.userId, Types.STRING))
                .process(new DropBotTraffic(o.ttl()), TypeInformation.of(ClickEvent.class))
                .uid("drop-bots").name("drop judged bots");
        return new Filtered(kept, parsed.getSideOutput(SplitDeadLetters.DEAD_LETTERS));
    }
}
