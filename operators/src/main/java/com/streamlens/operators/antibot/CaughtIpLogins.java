package com.streamlens.operators.antibot;

import com.streamlens.state.records.BotSignal;
import com.streamlens.state.records.BotVerdict;
import com.streamlens.state.records.SignalEvent;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keyed by "ip:{ip}": every login from an IP while it is caught stuffing credentials (a login-failures or
 * account-takeover match on the IP, widened by the login window on both sides) is a verdict on its account, stage
 * {@code signal}, reason {@value #REASON}. A match names only the five or six logins of its evidence; an attack's
 * other accounts, above all the ones whose password worked at once, would go unnamed. Each login is held until the
 * watermark passes its time plus the window (the patterns have emitted every match that could cover it by then).
 * State: held logins leave at their timers; the caught interval is kept with a TTL of a day after it last grew.
 */
public class CaughtIpLogins extends KeyedCoProcessFunction<String, SignalEvent, BotSignal, BotVerdict> {
    public static final String REASON = "login-from-caught-ip";

    private final long windowMs;
    private final double weight;
    private transient ListState<SignalEvent> held;
    private transient ValueState<long[]> caught;
    private transient Counter flagged;

    public CaughtIpLogins(AntibotSettings settings) {
        this.windowMs = settings.patterns().loginWindow().toMillis();
        this.weight = settings.weights().loginFailures();
    }

    @Override
    public void open(OpenContext ctx) {
        held = getRuntimeContext().getListState(AntibotState.loginsHeld());
        caught = getRuntimeContext().getState(AntibotState.caughtInterval());
        flagged = getRuntimeContext().getMetricGroup().counter("loginsFromCaughtIps");
    }

    @Override
    public void processElement1(SignalEvent login, Context ctx, Collector<BotVerdict> out) throws Exception {
        held.add(login);
        ctx.timerService().registerEventTimeTimer(login.ts + windowMs);
    }

    @Override
    public void processElement2(BotSignal s, Context ctx, Collector<BotVerdict> out) throws Exception {
        long[] interval = caught.value();
        long from = s.firstTs - windowMs, until = s.ts + windowMs;
        caught.update(interval == null ? new long[] {from, until} : new long[] {Math.min(from, interval[0]), Math.max(until, interval[1])});
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<BotVerdict> out) throws Exception {
        long[] interval = caught.value();
        List<SignalEvent> waiting = new ArrayList<>();
        for (SignalEvent login : held.get()) {
            if (login.ts + windowMs > timestamp) {
                waiting.add(login);
            } else if (interval != null && login.ts >= interval[0] && login.ts <= interval[1]) {
                out.collect(verdict(login));
                flagged.inc();
            }
        }
        held.update(waiting);
    }

    private BotVerdict verdict(SignalEvent login) {
        BotVerdict v = new BotVerdict();
        v.userId = login.userId;
        v.ip = login.ip;
        v.stage = BotVerdict.SIGNAL;
        v.score = weight;
        v.signalScore = weight;
        v.verdict = weight >= 0.5 ? BotVerdict.BOT : BotVerdict.HUMAN;
        v.reasons = List.of(REASON, "ip:" + login.ip);
        v.ts = login.ts;
        v.decidedAt = System.currentTimeMillis();
        return v;
    }

    /** The logins and matches this operator reads: IP-keyed logins, and the login patterns' IP-keyed matches. */
    public static boolean isIpLogin(SignalEvent e) {
        return e.key.startsWith("ip:") && (e.kind == SignalEvent.Kind.LOGIN_FAILURE || e.kind == SignalEvent.Kind.LOGIN_SUCCESS);
    }

    public static boolean isIpLoginMatch(BotSignal s) {
        return s.key.startsWith("ip:") && (s.patternId.equals(BotPatterns.LOGIN_FAILURES) || s.patternId.equals(BotPatterns.ACCOUNT_TAKEOVER));
    }
}
