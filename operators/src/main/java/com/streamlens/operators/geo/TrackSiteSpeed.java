package com.streamlens.operators.geo;

import com.streamlens.operators.stats.TrimmedMedian;
import com.streamlens.state.records.TimingRing;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Per site: of its last {@code capacity} page-load timings drop the slowest fraction and take the median,
 * refreshed at the end of every event-time period. Timings arrive in batches (pre-aggregated upstream);
 * per batch only an append to a list (a RocksDB merge); the ring is read and written once per period.
 */
public class TrackSiteSpeed extends KeyedProcessFunction<String, PageLoadBatch, SiteSpeed> {
    private final int capacity;
    private final long periodMs;
    private final double trimFraction;

    // Both expire GeoState.SITE_RING_TTL after the site's last refresh.
    private transient ListState<int[]> pending;
    private transient ValueState<TimingRing> ring;

    public TrackSiteSpeed(int capacity, long periodMs, double trimFraction) {
        if (capacity < 1) throw new IllegalArgumentException("speed sample size must be ≥ 1, got " + capacity);
        if (periodMs < 1) throw new IllegalArgumentException("speed refresh period must be ≥ 1 ms, got " + periodMs);
        this.capacity = capacity;
        this.periodMs = periodMs;
        this.trimFraction = trimFraction;
    }

    @Override
    public void open(OpenContext openContext) {
        pending = getRuntimeContext().getListState(GeoState.pendingTimings());
        ring = getRuntimeContext().getState(GeoState.timingRing());
    }

    @Override
    public void processElement(PageLoadBatch batch, Context ctx, Collector<SiteSpeed> out) throws Exception {
        if (batch.loads.length == 0) return;
        pending.add(batch.loads);
        // One timer per site and period: the timer service de-duplicates equal timestamps.
        ctx.timerService().registerEventTimeTimer(periodEnd(batch.periodStart));
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<SiteSpeed> out) throws Exception {
        Iterable<int[]> fresh = pending.get();
        if (fresh == null) return;
        TimingRing r = ring.value();
        if (r == null || r.values.length != capacity) r = resize(r);
        int newSamples = 0;
        for (int[] batch : fresh) {
            for (int t : batch) r.add(t);
            newSamples += batch.length;
        }
        if (newSamples == 0) return;
        pending.clear();
        ring.update(r);
        double median = TrimmedMedian.ofSlowestTrimmed(r.snapshot(), r.size, trimFraction);
        out.collect(new SiteSpeed(ctx.getCurrentKey(), timestamp + 1, r.size, newSamples, median));
    }

    /** Last millisecond of the period holding ts, so the figure is emitted once the watermark passes the period. */
    long periodEnd(long ts) {
        return ts - Math.floorMod(ts, periodMs) + periodMs - 1;
    }

    /** A new ring, carrying over the most recent timings when the configured capacity changed across a restart. */
    private TimingRing resize(TimingRing old) {
        TimingRing r = TimingRing.withCapacity(capacity);
        if (old != null) {
            for (int i = Math.max(0, old.size - capacity); i < old.size; i++) {
                r.add(old.values[Math.floorMod(old.next - old.size + i, old.values.length)]);
            }
        }
        return r;
    }
}
