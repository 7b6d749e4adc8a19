package com.streamlens.operators.antibot;

import com.streamlens.state.records.AntibotExample;
import com.streamlens.state.records.BotVerdict;
import com.streamlens.state.records.SessionCase;
import com.streamlens.state.records.VisitorHistory;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Keyed by visitor: the slow judge. Each session arrives after the judge's delay (held by {@link CountIpSessions}), is
 * judged by {@link JudgeRule} with the visitor's history, and the final verdict goes out; where it disagrees with the
 * fast session-end verdict, the session goes to {@link #TRAINING} with both labels. The history lives 30 days after
 * the visitor's last judged session.
 */
public class SlowJudge extends KeyedProcessFunction<String, SessionCase, BotVerdict> {
    public static final OutputTag<AntibotExample> TRAINING = new OutputTag<>("antibot-training") {};
    static final Duration HISTORY_TTL = Duration.ofDays(30);
    private static final int DAYS_KEPT = 8;

    private transient ValueState<VisitorHistory> history;
    private transient Counter judged;
    private transient Counter disagreements;

    @Override
    public void open(OpenContext ctx) {
        history = getRuntimeContext().getState(AntibotState.visitorHistory());
        judged = getRuntimeContext().getMetricGroup().counter("sessionsJudged");
        disagreements = getRuntimeContext().getMetricGroup().counter("judgeDisagreements");
    }

    @Override
    public void processElement(SessionCase c, Context ctx, Collector<BotVerdict> out) throws Exception {
        VisitorHistory h = history.value();
        if (h == null) h = new VisitorHistory();
        int day = (int) Math.floorDiv(c.fast.ts, 86_400_000L);
        h.days = withDay(h.days, day);
        JudgeRule.Judgement j = JudgeRule.judge(c, h);
        h.sessions++;
        if (j.bot()) h.sessionsJudgedBot++;
        if (c.features[SessionFeatures.LOG_PURCHASES] > 0) h.purchases++;
        h.lastTs = Math.max(h.lastTs, c.fast.ts);
        history.update(h);

        BotVerdict v = new BotVerdict();
        v.userId = c.fast.userId;
        v.siteId = c.fast.siteId;
        v.sessionId = c.fast.sessionId;
        v.ip = c.fast.ip;
        v.stage = BotVerdict.FINAL;
        v.score = j.score();
        v.modelScore = c.fast.modelScore;
        v.signalScore = c.fast.signalScore;
        v.verdict = j.bot() ? BotVerdict.BOT : BotVerdict.HUMAN;
        v.reasons = j.reasons();
        v.modelVersion = c.fast.modelVersion;
        v.ts = ctx.timestamp() != null ? ctx.timestamp() : c.fast.ts;
        v.decidedAt = System.currentTimeMillis();
        out.collect(v);
        judged.inc();
        if (!v.verdict.equals(c.fast.verdict)) {
            disagreements.inc();
            ctx.output(TRAINING, example(c, v));
        }
    }

    static AntibotExample example(SessionCase c, BotVerdict judge) {
        AntibotExample e = new AntibotExample();
        e.userId = c.fast.userId;
        e.siteId = c.fast.siteId;
        e.sessionId = c.fast.sessionId;
        e.ts = c.fast.ts;
        Map<String, Double> f = new LinkedHashMap<>();
        for (int j = 0; j < c.features.length; j++) f.put(SessionFeatures.NAMES.get(j), (double) c.features[j]);
        e.features = f;
        e.fastLabel = c.fast.verdict;
        e.fastScore = c.fast.score;
        e.judgeLabel = judge.verdict;
        e.judgeScore = judge.score;
        e.modelVersion = c.fast.modelVersion;
        return e;
    }

    /** The days with a session, sorted, the latest {@link #DAYS_KEPT}. */
    static int[] withDay(int[] days, int day) {
        if (Arrays.binarySearch(days, day) >= 0) return days;
        int[] out = Arrays.copyOf(days, days.length + 1);
        out[days.length] = day;
        Arrays.sort(out);
        return out.length > DAYS_KEPT ? Arrays.copyOfRange(out, out.length - DAYS_KEPT, out.length) : out;
    }
}
