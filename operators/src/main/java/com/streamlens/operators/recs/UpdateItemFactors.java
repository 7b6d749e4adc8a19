package com.streamlens.operators.recs;

import com.streamlens.operators.recs.als.Gram;
import com.streamlens.operators.recs.als.OnlineAls;
import com.streamlens.operators.runtime.ExpiryTimer;
import com.streamlens.state.records.GramDelta;
import com.streamlens.state.records.ItemFactor;
import com.streamlens.state.records.ItemStats;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;

/**
 * The item side of online iALS, keyed by item: folds each interacting user's new row into the item's
 * statistics and re-solves the item row ({@link OnlineAls#updateItem}) against the user Gram XᵀX, which
 * arrives as broadcast deltas from the user side. The new row goes to the {@code item-factors} topic, from
 * where every user-side subtask picks it up: at once when the item has been quiet, then at most once per
 * {@code itemPublishMs} (the latest row), so a hot item does not flood the topic and every user-side subtask
 * with one row per interaction. An item without interactions for {@link RecsState#ITEM_TTL} is retired: its state
 * goes and a retirement (a tombstone on the topic) takes it out of every user-side catalogue.
 */
public class UpdateItemFactors extends KeyedBroadcastProcessFunction<String, ItemUpdate, GramDelta, ItemFactor> {
    private final RecsSettings settings;

    private transient ValueState<ItemStats> stats;
    private transient ValueState<ItemFactor> unpublished;
    private transient ValueState<Long> windowEnd;
    private transient ExpiryTimer expiry;
    private transient OnlineAls online;
    private transient Gram userGram;
    private transient Counter itemUpdates;
    private transient Counter rowsPublished;
    private transient Counter itemsRetired;

    public UpdateItemFactors(RecsSettings settings) {
        this.settings = settings;
    }

    @Override
    public void open(OpenContext openContext) {
        stats = getRuntimeContext().getState(RecsState.itemStats());
        unpublished = getRuntimeContext().getState(RecsState.unpublishedItemRow());
        windowEnd = getRuntimeContext().getState(RecsState.itemPublishWindowEnd());
        expiry = new ExpiryTimer(getRuntimeContext().getState(RecsState.itemExpiry()), RecsState.ITEM_TTL);
        online = new OnlineAls(settings.als());
        itemUpdates = getRuntimeContext().getMetricGroup().counter("itemUpdates");
        rowsPublished = getRuntimeContext().getMetricGroup().counter("itemRowsPublished");
        itemsRetired = getRuntimeContext().getMetricGroup().counter("itemsRetired");
        getRuntimeContext().getMetricGroup().gauge("userGramRows", () -> userGram == null ? 0L : userGram.count());
    }

    @Override
    public void processBroadcastElement(GramDelta delta, Context ctx, Collector<ItemFactor> out) throws Exception {
        BroadcastState<String, GramDelta> state = ctx.getBroadcastState(RecsState.userGram());
        GramDelta total = state.get(RecsState.GRAM_KEY);
        if (total == null) total = new GramDelta(new double[delta.upper.length], 0);
        for (int i = 0; i < total.upper.length; i++) total.upper[i] += delta.upper[i];
        total.count += delta.count;
        state.put(RecsState.GRAM_KEY, total);
        if (userGram != null) userGram.add(delta.upper, delta.count);
    }

    @Override
    public void processElement(ItemUpdate u, ReadOnlyContext ctx, Collector<ItemFactor> out) throws Exception {
        Gram users = userGram(ctx.getBroadcastState(RecsState.userGram()));
        float[] y = new float[settings.als().factors()];
        ItemStats s = online.updateItem(u.itemId, stats.value(), u.currentRow, u.currentSupport, u.userRow, u.confidence, users, y);
        stats.update(s);
        itemUpdates.inc();
        ItemFactor row = new ItemFactor(u.itemId, y, s.support, u.ts);
        long now = ctx.timerService().currentProcessingTime();
        expiry.touch(now, ctx.timerService());
        if (settings.itemPublishMs() == 0) {
            publish(row, out);
        } else if (windowEnd.value() == null) {
            publish(row, out);
            openWindow(now, ctx.timerService());
        } else {
            unpublished.update(row); // replaces an older unsent row: only the newest matters downstream
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<ItemFactor> out) throws Exception {
        if (expiry.isDue(timestamp)) {
            retire(ctx.getCurrentKey(), timestamp, out);
            return;
        }
        ItemFactor row = unpublished.value();
        if (row == null) {
            windowEnd.clear(); // a quiet interval: the next update publishes at once
            return;
        }
        unpublished.clear();
        publish(row, out);
        openWindow(timestamp, ctx.timerService());
    }

    /** Forgets a silent item and tells the user side; a publish timer still pending finds nothing to send. */
    private void retire(String itemId, long now, Collector<ItemFactor> out) {
        stats.clear();
        unpublished.clear();
        windowEnd.clear();
        expiry.clear();
        itemsRetired.inc();
        out.collect(ItemFactor.retirement(itemId, now));
    }

    private void openWindow(long now, TimerService timers) throws Exception {
        long end = now + settings.itemPublishMs();
        windowEnd.update(end);
        timers.registerProcessingTimeTimer(end);
    }

    private void publish(ItemFactor row, Collector<ItemFactor> out) {
        rowsPublished.inc();
        out.collect(row);
    }

    /** The user Gram, rebuilt from broadcast state on first use (after a restore that is all there is). */
    private Gram userGram(ReadOnlyBroadcastState<String, GramDelta> state) throws Exception {
        if (userGram == null) {
            userGram = new Gram(settings.als().factors());
            GramDelta total = state.get(RecsState.GRAM_KEY);
            if (total != null) userGram.add(total.upper, total.count);
        }
        return userGram;
    }
}
