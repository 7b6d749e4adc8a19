package com.streamlens.operators.abtest;

import com.streamlens.state.events.ClickEvent;
import com.streamlens.state.events.ClickType;
import com.streamlens.state.records.AbMetric;
import com.streamlens.state.records.DailyActivity;
import com.streamlens.state.records.RecentActivity;
import com.streamlens.state.records.UserExposure;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keyed by user: remembers which variant of which experiment the user saw first, and attributes the
 * user's events stamped at or after that exposure to it (events stamped before it do not count). Attribution goes
 * by timestamp, not arrival: an exposure that arrives after events stamped later than itself (a delayed beacon)
 * claims them from the user's recent events, kept for {@code lateExposureMs}. A second, different
 * variant flags the user as a multiple exposure; the user stays counted once, in the first variant.
 * Emits the user's metric vector before and after every change.
 */
public class AttributeToExperiments extends KeyedProcessFunction<String, ClickEvent, AbUserChange> {
    private static final int N = AbMetric.values().length;
    /** Recent events kept per user for a late exposure: a burst beyond this is claimed only in part. */
    public static final int MAX_RECENT_EVENTS = 32;

    private final long lateExposureMs;

    private transient MapState<String, UserExposure> exposures;
    private transient ValueState<DailyActivity> activity;
    private transient ValueState<RecentActivity> recent;
    private transient Counter multiple;
    private transient Counter claimedLate;

    /** Events stamped at most {@code lateExposureMs} before the newest are kept for exposures that arrive late (0: none). */
    public AttributeToExperiments(long lateExposureMs) {
        this.lateExposureMs = lateExposureMs;
    }

    @Override
    public void open(OpenContext openContext) {
        exposures = getRuntimeContext().getMapState(AbState.exposures());
        activity = getRuntimeContext().getState(AbState.activity());
        recent = getRuntimeContext().getState(AbState.recentActivity());
        multiple = getRuntimeContext().getMetricGroup().counter("multipleExposures");
        claimedLate = getRuntimeContext().getMetricGroup().counter("eventsClaimedByLateExposures");
    }

    @Override
    public void processElement(ClickEvent e, Context ctx, Collector<AbUserChange> out) throws Exception {
        if (e.type == ClickType.AB_EXPOSURE) {
            expose(e, out);
            return;
        }
        if (e.type == ClickType.PAGE_VIEW) {
            DailyActivity a = activity.value();
            if (a == null) a = new DailyActivity();
            a.add(e.ts);
            activity.update(a);
        }
        double revenue = revenue(e);
        if (lateExposureMs > 0 && moves(e.type)) {
            RecentActivity r = recent.value();
            if (r == null) r = new RecentActivity();
            r.add(e.type, e.ts, e.sessionId, revenue, MAX_RECENT_EVENTS, lateExposureMs);
            recent.update(r);
        }
        if (exposures.isEmpty()) return;
        for (Map.Entry<String, UserExposure> entry : exposures.entries()) {
            UserExposure x = entry.getValue();
            if (e.ts < x.firstExposureTs) continue;
            double[] before = x.values.clone();
            if (!apply(e.type, e.sessionId, revenue, x)) continue;
            exposures.put(entry.getKey(), x);
            out.collect(new AbUserChange(entry.getKey(), x.variant, before, x.values.clone(), x.covariate, false));
        }
    }

    private void expose(ClickEvent e, Collector<AbUserChange> out) throws Exception {
        UserExposure x = exposures.get(e.experiment);
        if (x == null) {
            x = new UserExposure();
            x.variant = e.variant;
            x.firstExposureTs = e.ts;
            x.values = new double[N];
            DailyActivity a = activity.value();
            x.covariate = a == null ? 0 : a.totalUpTo(e.ts);
            claimRecent(x);
            exposures.put(e.experiment, x);
            out.collect(new AbUserChange(e.experiment, x.variant, null, x.values.clone(), x.covariate, false));
        } else if (!x.multiple && !x.variant.equals(e.variant)) {
            x.multiple = true;
            exposures.put(e.experiment, x);
            multiple.inc();
            out.collect(new AbUserChange(e.experiment, x.variant, x.values.clone(), x.values.clone(), x.covariate, true));
        }
    }

    /** A new exposure's share of the events that arrived before it but are stamped at or after it, in time order. */
    private void claimRecent(UserExposure x) throws Exception {
        RecentActivity r = lateExposureMs > 0 ? recent.value() : null;
        if (r == null) return;
        for (int i = 0; i < r.size(); i++) {
            if (r.ts[i] >= x.firstExposureTs && apply(r.type(i), r.sessionIds[i], r.revenues[i], x)) claimedLate.inc();
        }
    }

    /** Whether an event of this type can move a metric at all (what {@link #apply} may count). */
    private static boolean moves(ClickType type) {
        return type != ClickType.PAGE_TIMING && type != ClickType.AB_EXPOSURE;
    }

    /** Applies one event to the user's metric vector; false when the event does not move any metric. */
    static boolean apply(ClickType type, String sessionId, double revenue, UserExposure x) {
        double[] v = x.values;
        boolean changed = false;
        if (sessionId != null && !sessionId.equals(x.lastSessionId) && type != ClickType.PAGE_TIMING) {
            x.lastSessionId = sessionId;
            v[AbMetric.SESSIONS.ordinal()]++;
            changed = true;
        }
        switch (type) {
            case PAGE_VIEW -> {
                v[AbMetric.PAGE_VIEWS.ordinal()]++;
                changed = true;
            }
            case ADD_TO_CART -> {
                v[AbMetric.ADD_TO_CART.ordinal()]++;
                changed = true;
            }
            case PURCHASE, CONVERSION -> {
                v[AbMetric.CONVERSION.ordinal()] = 1;
                v[AbMetric.REVENUE.ordinal()] += revenue;
                changed = true;
            }
            default -> { }
        }
        return changed;
    }

    private static double revenue(ClickEvent e) {
        if (e.revenue != null) return e.revenue;
        if (e.price != null) return e.price * (e.quantity == null ? 1 : e.quantity);
        return 0;
    }
}
