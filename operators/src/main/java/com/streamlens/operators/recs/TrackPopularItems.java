package com.streamlens.operators.recs;

import com.streamlens.state.records.ItemFactor;
import com.streamlens.state.records.Recommendation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Per site (keyed by site id): exponentially decayed interaction counts per item (weighted like the model's
 * confidences), and every {@code popularEveryMs} the site's top-N as a {@link Recommendation#POPULAR} list, scored
 * by the decayed count at the time of writing (comparable across sites, so the lists merge into the global
 * one). Items that decayed below a millionth of the site's leader are evicted on the way. A retired item (a
 * tombstone on {@code item-factors}: the shop deleted it, or it fell silent) leaves every site's counts at once, so
 * the next lists no longer name it.
 */
public class TrackPopularItems extends KeyedBroadcastProcessFunction<String, Interaction, ItemFactor, Recommendation> {
    /** An item below a millionth of the site's leader is evicted. */
    private static final double LOG_EVICT_BELOW = Math.log(1e-6);
    private static final long PRUNE_EVERY_MS = 3_600_000;

    private final RecsSettings settings;
    private transient MapState<String, Double> counts;
    private transient ValueState<Long> timer;
    private transient Counter itemsRetired;
    private transient Counter staleInteractions;
    /** When the retirement memory was last pruned (0 after a restart: the first retirement prunes). */
    private transient long prunedAt;

    public TrackPopularItems(RecsSettings settings) {
        this.settings = settings;
    }

    @Override
    public void open(OpenContext openContext) {
        counts = getRuntimeContext().getMapState(RecsState.popularity());
        timer = getRuntimeContext().getState(RecsState.popularityTimer());
        itemsRetired = getRuntimeContext().getMetricGroup().counter("popularItemsRetired");
        staleInteractions = getRuntimeContext().getMetricGroup().counter("interactionsBeforeRetirement");
    }

    @Override
    public void processElement(Interaction e, ReadOnlyContext ctx, Collector<Recommendation> out) throws Exception {
        Long retiredAt = ctx.getBroadcastState(RecsState.retiredItems()).get(e.itemId);
        if (retiredAt != null && e.ts <= retiredAt) {
            staleInteractions.inc(); // counted, not an error: the model side still learns from it
            return;
        }
        Double s = counts.get(e.itemId);
        counts.put(e.itemId, Popularity.add(s == null ? Double.NEGATIVE_INFINITY : s, e.confidence, e.ts, settings.popularHalfLifeMs()));
        if (timer.value() == null) {
            long due = ctx.timerService().currentProcessingTime() + settings.popularEveryMs();
            timer.update(due);
            ctx.timerService().registerProcessingTimeTimer(due);
        }
    }

    @Override
    public void processBroadcastElement(ItemFactor f, Context ctx, Collector<Recommendation> out) throws Exception {
        if (!f.isRetirement()) return;
        BroadcastState<String, Long> retired = ctx.getBroadcastState(RecsState.retiredItems());
        if (f.updatedAt - prunedAt >= PRUNE_EVERY_MS) { // hourly, not per retirement: expiry retirements come in bursts
            long forgetBefore = f.updatedAt - RecsState.RETIREMENT_MEMORY.toMillis();
            List<String> old = new ArrayList<>();
            for (Map.Entry<String, Long> r : retired.entries()) if (r.getValue() < forgetBefore) old.add(r.getKey());
            for (String id : old) retired.remove(id);
            prunedAt = f.updatedAt;
        }
        retired.put(f.itemId, f.updatedAt);
        // Every site this subtask holds (sites are few): the item leaves their counts, so their next lists skip it.
        ctx.applyToKeyedState(RecsState.popularity(), (site, counts) -> counts.remove(f.itemId));
        itemsRetired.inc();
    }

    @Override
    public void onTimer(long ts, OnTimerContext ctx, Collector<Recommendation> out) throws Exception {
        timer.clear();
        double leader = Double.NEGATIVE_INFINITY;
        List<Map.Entry<String, Double>> all = new ArrayList<>();
        for (Map.Entry<String, Double> e : counts.entries()) {
            all.add(Map.entry(e.getKey(), e.getValue()));
            leader = Math.max(leader, e.getValue());
        }
        if (all.isEmpty()) return;
        List<Map.Entry<String, Double>> kept = new ArrayList<>(all.size());
        for (Map.Entry<String, Double> e : all) {
            // Relative to the leader, so a replay of old events is not evicted wholesale.
            if (e.getValue() < leader + LOG_EVICT_BELOW) counts.remove(e.getKey());
            else kept.add(e);
        }
        long halfLife = settings.popularHalfLifeMs();
        out.collect(Popularity.topList(ctx.getCurrentKey(), kept, settings.topN(), s -> Popularity.countAt(s, ts, halfLife), ts));
        timer.update(ts + settings.popularEveryMs());
        ctx.timerService().registerProcessingTimeTimer(ts + settings.popularEveryMs());
    }
}
