package com.streamlens.operators.antibot;

import com.streamlens.state.events.ClickEvent;
import com.streamlens.state.events.ClickType;
import com.streamlens.state.records.BotVerdict;
import com.streamlens.state.records.SessionActivity;
import com.streamlens.state.records.SessionCase;
import com.streamlens.state.records.SignalEvent;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Keyed by "site|session": a session's features in keyed state, emitted twice for scoring, early (after the first N
 * events) and at session end (an event-time timer a gap after the last event, moved lazily: it fires where first set,
 * then re-arms at the latest gap end). Page views, carts and purchases leave on {@link #SIGNAL_EVENTS} for the CEP
 * patterns, each stamped with the views before it. State lives from the first event to the session's end or its
 * length cap, then it is cleared.
 */
public class TrackSessions extends KeyedProcessFunction<String, ClickEvent, SessionCase> {
    public static final OutputTag<SignalEvent> SIGNAL_EVENTS = new OutputTag<>("signal-events") {};

    private final long gapMs;
    private final long maxSessionMs;
    private final int earlyEvents;
    private transient ValueState<SessionActivity> activity;
    private transient Counter sessionsClosed;
    private transient Counter sessionsCapped;

    public TrackSessions(AntibotSettings settings) {
        this.gapMs = settings.sessionGap().toMillis();
        this.maxSessionMs = settings.maxSession().toMillis();
        this.earlyEvents = settings.earlyEvents();
    }

    public static String keyOf(ClickEvent e) {
        return e.siteId + "|" + e.sessionId;
    }

    /** The same key for a session's case (the session patterns' signals carry it as their key). */
    public static String keyOf(SessionCase c) {
        return c.fast.siteId + "|" + c.fast.sessionId;
    }

    @Override
    public void open(OpenContext ctx) {
        activity = getRuntimeContext().getState(AntibotState.sessionActivity());
        sessionsClosed = getRuntimeContext().getMetricGroup().counter("sessionsClosed");
        sessionsCapped = getRuntimeContext().getMetricGroup().counter("sessionsCapped");
    }

    @Override
    public void processElement(ClickEvent e, Context ctx, Collector<SessionCase> out) throws Exception {
        SessionActivity a = activity.value();
        if (a != null && e.ts - a.firstTs > maxSessionMs) {
            // A visitor that never pauses for a gap still gets a final score: close at the cap and start over.
            out.collect(caseOf(a, BotVerdict.SESSION_END));
            sessionsCapped.inc();
            if (a.timerAt != 0) ctx.timerService().deleteEventTimeTimer(a.timerAt);
            a = null;
        }
        if (a == null) a = SessionFeatures.open(e);
        SignalEvent.Kind kind = signalKind(e.type);
        if (kind != null) {
            SignalEvent s = SignalEvent.of(e.eventId, kind, ctx.getCurrentKey(), e.ts, e.userId, e.ip);
            s.itemId = e.itemId;
            s.viewsBefore = a.pageViews;
            ctx.output(SIGNAL_EVENTS, s);
        }
        SessionFeatures.add(a, e);
        if (!a.earlyScored && a.events >= earlyEvents) {
            a.earlyScored = true;
            out.collect(caseOf(a, BotVerdict.EARLY));
        }
        if (a.timerAt == 0) {
            a.timerAt = a.lastTs + gapMs;
            ctx.timerService().registerEventTimeTimer(a.timerAt);
        }
        activity.update(a);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<SessionCase> out) throws Exception {
        SessionActivity a = activity.value();
        if (a == null || timestamp != a.timerAt) return;
        if (a.lastTs + gapMs > timestamp) { // events came since the timer was set: the session goes on
            a.timerAt = a.lastTs + gapMs;
            ctx.timerService().registerEventTimeTimer(a.timerAt);
            activity.update(a);
            return;
        }
        out.collect(caseOf(a, BotVerdict.SESSION_END));
        sessionsClosed.inc();
        activity.clear();
    }

    static SessionCase caseOf(SessionActivity a, String stage) {
        BotVerdict v = new BotVerdict();
        v.userId = a.userId;
        v.siteId = a.siteId;
        v.sessionId = a.sessionId;
        v.ip = a.ip;
        v.stage = stage;
        v.ts = a.lastTs;
        SessionCase c = new SessionCase();
        c.fast = v;
        c.features = SessionFeatures.vector(a);
        return c;
    }

    private static SignalEvent.Kind signalKind(ClickType type) {
        return switch (type) {
            case PAGE_VIEW -> SignalEvent.Kind.PAGE_VIEW;
            case ADD_TO_CART -> SignalEvent.Kind.CART;
            case PURCHASE -> SignalEvent.Kind.PURCHASE;
            default -> null;
        };
    }
}
