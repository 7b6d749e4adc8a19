package com.streamlens.operators.antibot;

import com.streamlens.operators.runtime.Ttl;
import com.streamlens.state.records.SessionActivity;
import com.streamlens.state.records.SessionCase;
import com.streamlens.state.records.SignalEvent;
import com.streamlens.state.records.VisitorHistory;
import java.time.Duration;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.Types;

/**
 * The antibot's keyed state, one place for its names and types (a savepoint names them). The CEP operators also keep
 * {@link com.streamlens.state.records.SignalEvent}s in their buffers until a match ends or {@code within} passes.
 */
public final class AntibotState {
    private AntibotState() {}

    /** An open session's features; cleared when the session ends (gap timer or length cap). */
    public static ValueStateDescriptor<SessionActivity> sessionActivity() {
        return new ValueStateDescriptor<>("session-activity", SessionActivity.class);
    }

    /** A session's CEP signal counts; cleared with its end case, or by TTL. */
    public static ValueStateDescriptor<int[]> sessionSignals(Duration ttl) {
        ValueStateDescriptor<int[]> d = new ValueStateDescriptor<>("session-signals", PrimitiveArrayTypeInfo.INT_PRIMITIVE_ARRAY_TYPE_INFO);
        d.enableTimeToLive(Ttl.afterLastWrite(ttl));
        return d;
    }

    /** A session-end case waiting for the watermark; cleared when it leaves. */
    public static ValueStateDescriptor<SessionCase> sessionEndWaiting() {
        return new ValueStateDescriptor<>("session-end-waiting", SessionCase.class);
    }

    /** An IP's sessions and bot sessions per day; older days dropped as days pass, TTL two days. */
    public static MapStateDescriptor<Integer, int[]> ipSessionsByDay() {
        MapStateDescriptor<Integer, int[]> d = new MapStateDescriptor<>("ip-sessions-by-day", Types.INT, PrimitiveArrayTypeInfo.INT_PRIMITIVE_ARRAY_TYPE_INFO);
        d.enableTimeToLive(Ttl.afterLastWrite(Duration.ofDays(2)));
        return d;
    }

    /** Sessions held for the judge's delay; each leaves at its timer. */
    public static ListStateDescriptor<SessionCase> heldForJudge() {
        return new ListStateDescriptor<>("held-for-judge", SessionCase.class);
    }

    /** What the judge remembers of a visitor; TTL 30 days after the last judged session. */
    public static ValueStateDescriptor<VisitorHistory> visitorHistory() {
        ValueStateDescriptor<VisitorHistory> d = new ValueStateDescriptor<>("visitor-history", VisitorHistory.class);
        d.enableTimeToLive(Ttl.afterLastWrite(SlowJudge.HISTORY_TTL));
        return d;
    }

    /** Logins from an IP, held until the login patterns could have caught it; each leaves at its timer. */
    public static ListStateDescriptor<SignalEvent> loginsHeld() {
        return new ListStateDescriptor<>("logins-held", SignalEvent.class);
    }

    /** When an IP was caught stuffing credentials, [from, until]; TTL a day after it last grew. */
    public static ValueStateDescriptor<long[]> caughtInterval() {
        ValueStateDescriptor<long[]> d = new ValueStateDescriptor<>("caught-interval", PrimitiveArrayTypeInfo.LONG_PRIMITIVE_ARRAY_TYPE_INFO);
        d.enableTimeToLive(Ttl.afterLastWrite(Duration.ofDays(1)));
        return d;
    }

    /** The downstream filter's mark on a visitor judged bot; TTL the verdict TTL. */
    public static ValueStateDescriptor<Boolean> judgedBot(Duration ttl) {
        ValueStateDescriptor<Boolean> d = new ValueStateDescriptor<>("judged-bot", Types.BOOLEAN);
        d.enableTimeToLive(Ttl.afterLastWrite(ttl));
        return d;
    }
}
