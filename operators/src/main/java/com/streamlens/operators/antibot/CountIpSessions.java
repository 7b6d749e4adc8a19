package com.streamlens.operators.antibot;

import com.streamlens.operators.io.redis.RedisWrite;
import com.streamlens.state.records.SessionCase;
import com.streamlens.state.redis.RedisKeys;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Keyed by IP: counts the sessions and bot verdicts each IP carried per day, writes {@code bot:ip:{ip}} on every
 * session-end verdict, and holds each session for the judge's delay (event time) before passing it on with the count of
 * its day, which by then includes the sessions that came after it. Day counts older than yesterday are dropped as new
 * days come, and a TTL of two days removes the counters of an IP that went quiet; held sessions leave at their timer.
 */
public class CountIpSessions extends KeyedProcessFunction<String, SessionCase, SessionCase> {
    public static final OutputTag<RedisWrite> REDIS = new OutputTag<>("bot-ip-redis") {};
    private static final long DAY_MS = 86_400_000L;

    private final long delayMs;
    private final long redisTtlSeconds;
    private transient MapState<Integer, int[]> byDay;
    private transient ListState<SessionCase> held;

    public CountIpSessions(AntibotSettings settings) {
        this.delayMs = settings.judgeDelay().toMillis();
        this.redisTtlSeconds = settings.verdictTtl().toSeconds();
    }

    /** The IP a session is counted under; sessions without one are counted per visitor (so they count for nothing shared). */
    public static String keyOf(SessionCase c) {
        return c.fast.ip != null ? c.fast.ip : "visitor:" + c.fast.userId;
    }

    @Override
    public void open(OpenContext ctx) {
        byDay = getRuntimeContext().getMapState(AntibotState.ipSessionsByDay());
        held = getRuntimeContext().getListState(AntibotState.heldForJudge());
    }

    @Override
    public void processElement(SessionCase c, Context ctx, Collector<SessionCase> out) throws Exception {
        int day = (int) Math.floorDiv(c.fast.ts, DAY_MS);
        int[] n = byDay.get(day);
        if (n == null) {
            n = new int[2];
            forgetBefore(day - 1);
        }
        n[0]++;
        if (c.fast.isBot()) n[1]++;
        byDay.put(day, n);
        if (c.fast.ip != null) ctx.output(REDIS, redis(c, day, n));
        held.add(c);
        ctx.timerService().registerEventTimeTimer(c.fast.ts + delayMs);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<SessionCase> out) throws Exception {
        List<SessionCase> waiting = new ArrayList<>();
        for (SessionCase c : held.get()) {
            if (c.fast.ts + delayMs <= timestamp) {
                int[] n = byDay.get((int) Math.floorDiv(c.fast.ts, DAY_MS));
                c.ipSessionsThatDay = n == null ? 1 : n[0];
                out.collect(c);
            } else {
                waiting.add(c);
            }
        }
        held.update(waiting);
    }

    private void forgetBefore(int day) throws Exception {
        for (Iterator<Map.Entry<Integer, int[]>> it = byDay.iterator(); it.hasNext(); ) {
            if (it.next().getKey() < day) it.remove();
        }
    }

    private RedisWrite redis(SessionCase c, int day, int[] n) {
        Map<String, String> f = new HashMap<>();
        f.put("day", Integer.toString(day));
        f.put("sessions", Integer.toString(n[0]));
        f.put("bot_sessions", Integer.toString(n[1]));
        f.put("last_verdict", c.fast.verdict);
        f.put("last_score", String.format(java.util.Locale.ROOT, "%.4f", c.fast.score));
        f.put("ts", Long.toString(c.fast.ts));
        return RedisWrite.hash(RedisKeys.botIp(c.fast.ip), f, redisTtlSeconds, true);
    }
}
