package com.streamlens.operators.antibot;

import com.streamlens.state.records.BotSignal;
import com.streamlens.state.records.BotVerdict;
import com.streamlens.state.records.SessionCase;
import java.time.Duration;
import java.util.Arrays;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keyed by "site|session": counts the session's CEP signals and writes them into each of its cases before scoring. An
 * early case leaves at once with the counts so far. A session-end case waits for the watermark to reach its time: the
 * CEP operators emit every match of events up to a time before they pass that watermark on, so the counts are then
 * complete, even when event time jumps (a replay, a backlog). State lives until the session's end case leaves; a TTL of
 * twice the longest session drops the counts of a signal that came after it.
 */
public class AttachSignals extends KeyedCoProcessFunction<String, SessionCase, BotSignal, SessionCase> {
    private final Duration ttl;
    private transient ValueState<int[]> counts;
    private transient ValueState<SessionCase> ending;

    public AttachSignals(AntibotSettings settings) {
        this.ttl = settings.maxSession().multipliedBy(2);
    }

    @Override
    public void open(OpenContext ctx) {
        counts = getRuntimeContext().getState(AntibotState.sessionSignals(ttl));
        ending = getRuntimeContext().getState(AntibotState.sessionEndWaiting());
    }

    @Override
    public void processElement1(SessionCase c, Context ctx, Collector<SessionCase> out) throws Exception {
        if (BotVerdict.EARLY.equals(c.fast.stage) || ctx.timestamp() == null) {
            withCounts(c, out);
            return;
        }
        SessionCase before = ending.value();
        if (before != null) withCounts(before, out); // a capped session's end, already complete
        if (ctx.timestamp() <= ctx.timerService().currentWatermark()) {
            // Already behind the watermark (an input was idle while the other moved it): a timer would wait for the next one.
            withCounts(c, out);
            counts.clear();
            ending.clear();
            return;
        }
        ending.update(c);
        ctx.timerService().registerEventTimeTimer(ctx.timestamp());
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<SessionCase> out) throws Exception {
        SessionCase c = ending.value();
        if (c == null) return;
        ending.clear();
        withCounts(c, out);
        counts.clear();
    }

    private void withCounts(SessionCase c, Collector<SessionCase> out) throws Exception {
        int[] n = counts.value();
        if (n != null) SessionFeatures.setSignals(c.features, n);
        out.collect(c);
    }

    @Override
    public void processElement2(BotSignal s, Context ctx, Collector<SessionCase> out) throws Exception {
        int k = Arrays.asList(BotPatterns.SESSION_PATTERNS).indexOf(s.patternId);
        if (k < 0) return; // not a session pattern
        int[] n = counts.value();
        if (n == null) n = new int[BotPatterns.SESSION_PATTERNS.length];
        n[k]++;
        counts.update(n);
    }
}
