package com.streamlens.operators.runtime;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.util.OutputTag;

/**
 * Local (pre-shuffle) aggregation into tumbling event-time windows, the local half of Flink's local-global
 * aggregation: per event only a hash lookup and an in-memory update; downstream keyed windows see one
 * partial per key, window and flush instead of every event.
 *
 * <p>No state of its own: everything buffered is emitted before each checkpoint barrier
 * ({@link #prepareSnapshotPreBarrier}), so a checkpoint never holds half-aggregated data. Partials are also
 * emitted when the watermark passes their window (before the watermark is forwarded, so they are never late
 * downstream), and when more than {@code maxBuffered} key-windows are held (bounded memory). Events whose
 * window the watermark already passed go to {@code lateTag}.
 */
public class PreAggregateWindows<IN, K, B, OUT> extends AbstractStreamOperator<OUT>
        implements OneInputStreamOperator<IN, OUT>, BoundedOneInput {

    private final PartialAggregate<IN, K, B, OUT> aggregate;
    private final long windowMs;
    private final int maxBuffered;
    private final OutputTag<IN> lateTag;

    /** Window start → key → builder; windows in time order so the watermark closes a prefix. */
    private transient TreeMap<Long, Map<K, B>> windows;
    private transient int buffered;
    private transient long watermark;
    private transient StreamRecord<OUT> outRecord;
    private transient Counter late;
    private transient Counter partialsOut;

    public PreAggregateWindows(PartialAggregate<IN, K, B, OUT> aggregate, long windowMs, int maxBuffered, OutputTag<IN> lateTag) {
        if (windowMs < 1) throw new IllegalArgumentException("window must be ≥ 1 ms, got " + windowMs);
        if (maxBuffered < 1) throw new IllegalArgumentException("maxBuffered must be ≥ 1, got " + maxBuffered);
        this.aggregate = aggregate;
        this.windowMs = windowMs;
        this.maxBuffered = maxBuffered;
        this.lateTag = lateTag;
    }

    @Override
    public void open() throws Exception {
        super.open();
        windows = new TreeMap<>();
        watermark = Long.MIN_VALUE;
        outRecord = new StreamRecord<>(null);
        late = getMetricGroup().counter("lateEvents");
        partialsOut = getMetricGroup().counter("partialsEmitted");
        getMetricGroup().gauge("bufferedKeyWindows", () -> buffered);
    }

    @Override
    public void processElement(StreamRecord<IN> record) {
        long ts = record.getTimestamp();
        long start = ts - Math.floorMod(ts, windowMs);
        if (start + windowMs - 1 <= watermark) {
            late.inc();
            output.collect(lateTag, record);
            return;
        }
        IN in = record.getValue();
        Map<K, B> byKey = windows.computeIfAbsent(start, s -> new HashMap<>());
        K key = aggregate.key(in);
        B builder = byKey.get(key);
        if (builder == null) {
            builder = aggregate.create(key, start);
            byKey.put(key, builder);
            buffered++;
        }
        aggregate.add(builder, in);
        if (buffered > maxBuffered) emitUpTo(Long.MAX_VALUE);
    }

    @Override
    public void processWatermark(Watermark mark) throws Exception {
        watermark = mark.getTimestamp();
        // A window [s, s + size) is complete once the watermark reaches its last millisecond.
        emitUpTo(watermark - windowMs + 1);
        super.processWatermark(mark);
    }

    @Override
    public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
        super.prepareSnapshotPreBarrier(checkpointId);
        emitUpTo(Long.MAX_VALUE);
    }

    @Override
    public void endInput() {
        emitUpTo(Long.MAX_VALUE);
    }

    /** Emits every buffered window starting at or before {@code maxStart}, stamped with its last millisecond. */
    private void emitUpTo(long maxStart) {
        Iterator<Map.Entry<Long, Map<K, B>>> it = windows.headMap(maxStart, true).entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<Long, Map<K, B>> window = it.next();
            long maxTimestamp = window.getKey() + windowMs - 1;
            for (B builder : window.getValue().values()) {
                output.collect(outRecord.replace(aggregate.finish(builder), maxTimestamp));
                partialsOut.inc();
            }
            buffered -= window.getValue().size();
            it.remove();
        }
    }
}
