package com.streamlens.operators.functions;

import com.streamlens.state.descriptors.AbState;
import com.streamlens.state.records.AbMetric;
import com.streamlens.state.records.AbUserChange;
import com.streamlens.state.records.ClickEvent;
import com.streamlens.state.records.ClickType;
import com.streamlens.state.records.DailyActivity;
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
 * user's later events to it (events stamped before the first exposure do not count). A second, different
 * variant flags the user as a multiple exposure; the user stays counted once, in the first variant.
 * Emits the user's metric vector before and after every change.
 */
public class AttributeToExperiments extends KeyedProcessFunction<String, ClickEvent, AbUserChange> {
    private static final int N = AbMetric.values().length;

    private transient MapState<String, UserExposure> exposures;
    private transient ValueState<DailyActivity> activity;
    private transient Counter multiple;

    @Override
    public void open(OpenContext openContext) {
        exposures = getRuntimeContext().getMapState(AbState.exposures());
        activity = getRuntimeContext().getState(AbState.activity());
        multiple = getRuntimeContext().getMetricGroup().counter("multipleExposures");
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
        if (exposures.isEmpty()) return;
        for (Map.Entry<String, UserExposure> entry : exposures.entries()) {
            UserExposure x = entry.getValue();
            if (e.ts < x.firstExposureTs) continue;
            double[] before = x.values.clone();
            if (!apply(e, x)) continue;
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
            exposures.put(e.experiment, x);
            out.collect(new AbUserChange(e.experiment, x.variant, null, x.values.clone(), x.covariate, false));
        } else if (!x.multiple && !x.variant.equals(e.variant)) {
            x.multiple = true;
            exposures.put(e.experiment, x);
            multiple.inc();
            out.collect(new AbUserChange(e.experiment, x.variant, x.values.clone(), x.values.clone(), x.covariate, true));
        }
    }

    /** Applies one event to the user's metric vector; false when the event does not move any metric. */
    static boolean apply(ClickEvent e, UserExposure x) {
        double[] v = x.values;
        boolean changed = false;
        if (e.sessionId != null && !e.sessionId.equals(x.lastSessionId) && e.type != ClickType.PAGE_TIMING) {
            x.lastSessionId = e.sessionId;
            v[AbMetric.SESSIONS.ordinal()]++;
            changed = true;
        }
        switch (e.type) {
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
                v[AbMetric.REVENUE.ordinal()] += revenue(e);
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
