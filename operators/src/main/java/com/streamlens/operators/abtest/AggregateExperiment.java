package com.streamlens.operators.abtest;

import com.streamlens.state.records.AbMetric;
import com.streamlens.state.records.VariantMoments;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keyed by experiment: folds user changes into per-variant running moments and, every {@code emitEveryMs}
 * of processing time while the experiment changes, emits its statistics rows.
 */
public class AggregateExperiment extends KeyedProcessFunction<String, AbUserChange, AbStat> {
    private final ExperimentReport report;
    private final long emitEveryMs;

    private transient MapState<String, VariantMoments> variants;
    private transient MapState<String, Double> minSeqP;
    private transient MapState<String, double[]> seqBounds;
    private transient ValueState<Long> nextEmit;

    public AggregateExperiment(ExperimentReport report, long emitEveryMs) {
        if (emitEveryMs < 1) throw new IllegalArgumentException("emit interval must be ≥ 1 ms, got " + emitEveryMs);
        this.report = report;
        this.emitEveryMs = emitEveryMs;
    }

    @Override
    public void open(OpenContext openContext) {
        variants = getRuntimeContext().getMapState(AbState.variantMoments());
        minSeqP = getRuntimeContext().getMapState(AbState.minSeqP());
        seqBounds = getRuntimeContext().getMapState(AbState.seqBounds());
        nextEmit = getRuntimeContext().getState(AbState.nextEmit());
    }

    @Override
    public void processElement(AbUserChange c, Context ctx, Collector<AbStat> out) throws Exception {
        VariantMoments v = variants.get(c.variant);
        if (v == null) v = VariantMoments.empty();
        applyChange(v, c);
        variants.put(c.variant, v);
        if (nextEmit.value() == null) {
            long at = ctx.timerService().currentProcessingTime() + emitEveryMs;
            ctx.timerService().registerProcessingTimeTimer(at);
            nextEmit.update(at);
        }
    }

    /** Replaces the user's old metric values by the new ones in every moment (or adds the user). */
    public static void applyChange(VariantMoments v, AbUserChange c) {
        double x = c.covariate;
        if (c.before == null) {
            v.users++;
            for (AbMetric m : AbMetric.values()) v.metrics[m.ordinal()].add(x, c.after[m.ordinal()]);
            v.revenuePerSession.add(c.after[AbMetric.SESSIONS.ordinal()], c.after[AbMetric.REVENUE.ordinal()]);
        } else {
            for (AbMetric m : AbMetric.values()) v.metrics[m.ordinal()].replace(x, c.before[m.ordinal()], c.after[m.ordinal()]);
            int s = AbMetric.SESSIONS.ordinal();
            int r = AbMetric.REVENUE.ordinal();
            if (c.before[s] != c.after[s] || c.before[r] != c.after[r]) {
                v.revenuePerSession.remove(c.before[s], c.before[r]);
                v.revenuePerSession.add(c.after[s], c.after[r]);
            }
        }
        if (c.becameMultiple) v.multipleExposures++;
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<AbStat> out) throws Exception {
        nextEmit.clear();
        Map<String, VariantMoments> all = new HashMap<>();
        for (Map.Entry<String, VariantMoments> e : variants.entries()) all.put(e.getKey(), e.getValue());
        Map<String, Double> mins = new HashMap<>();
        for (Map.Entry<String, Double> e : minSeqP.entries()) mins.put(e.getKey(), e.getValue());
        Map<String, double[]> bounds = new HashMap<>();
        for (Map.Entry<String, double[]> e : seqBounds.entries()) bounds.put(e.getKey(), e.getValue());
        for (AbStat row : report.report(ctx.getCurrentKey(), all, mins, bounds, timestamp)) out.collect(row);
        minSeqP.putAll(mins);
        seqBounds.putAll(bounds);
    }
}
