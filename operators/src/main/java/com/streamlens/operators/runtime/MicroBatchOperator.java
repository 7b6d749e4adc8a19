package com.streamlens.operators.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * Collects elements into micro-batches and hands each batch to a {@link BatchFunction}: a batch goes when it
 * holds {@code maxBatch} elements or its oldest element has waited {@code maxWaitMs}, and always before a
 * checkpoint barrier (so the operator needs no state), before a watermark is passed on (so no result trails the
 * watermark of its input) and at end of input. Each result leaves with the timestamp of the element it answers,
 * so batching never makes an on-time result late downstream. All calls run on the task thread: the buffer needs no
 * locking.
 */
public class MicroBatchOperator<IN, OUT> extends AbstractStreamOperator<OUT>
        implements OneInputStreamOperator<IN, OUT>, BoundedOneInput {

    private static final long NO_TIMESTAMP = Long.MIN_VALUE;

    private final BatchFunction<IN, OUT> function;
    private final int maxBatch;
    private final long maxWaitMs;

    private transient List<IN> buffer;
    /** The buffered elements' timestamps, {@link #NO_TIMESTAMP} for an element without one. */
    private transient long[] timestamps;
    private transient boolean timerPending;
    private transient StreamRecord<OUT> outRecord;
    private transient volatile int lastBatchSize;

    public MicroBatchOperator(BatchFunction<IN, OUT> function, int maxBatch, long maxWaitMs) {
        if (maxBatch < 1) throw new IllegalArgumentException("maxBatch must be ≥ 1, got " + maxBatch);
        if (maxWaitMs < 1) throw new IllegalArgumentException("maxWaitMs must be ≥ 1, got " + maxWaitMs);
        this.function = function;
        this.maxBatch = maxBatch;
        this.maxWaitMs = maxWaitMs;
    }

    @Override
    public void open() throws Exception {
        super.open();
        buffer = new ArrayList<>(maxBatch);
        timestamps = new long[maxBatch];
        outRecord = new StreamRecord<>(null);
        getMetricGroup().gauge("lastBatchSize", () -> lastBatchSize);
        function.open(getMetricGroup());
    }

    @Override
    public void processElement(StreamRecord<IN> element) throws Exception {
        timestamps[buffer.size()] = element.hasTimestamp() ? element.getTimestamp() : NO_TIMESTAMP;
        buffer.add(element.getValue());
        if (buffer.size() >= maxBatch) {
            flush();
        } else if (!timerPending) {
            timerPending = true;
            long due = getProcessingTimeService().getCurrentProcessingTime() + maxWaitMs;
            getProcessingTimeService().registerTimer(due, t -> {
                timerPending = false;
                flush();
            });
        }
    }

    @Override
    public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
        super.prepareSnapshotPreBarrier(checkpointId);
        flush();
    }

    @Override
    public void processWatermark(Watermark mark) throws Exception {
        flush(); // a buffered element emitted after the watermark would be late downstream
        super.processWatermark(mark);
    }

    @Override
    public void endInput() throws Exception {
        flush();
    }

    private void flush() throws Exception {
        if (buffer.isEmpty()) return;
        int size = buffer.size();
        lastBatchSize = size;
        function.process(buffer, (index, out) -> {
            long ts = timestamps[Objects.checkIndex(index, size)];
            if (ts == NO_TIMESTAMP) {
                outRecord.replace(out);
                outRecord.eraseTimestamp();
            } else {
                outRecord.replace(out, ts);
            }
            output.collect(outRecord);
        });
        buffer.clear();
    }

    @Override
    public void close() throws Exception {
        try {
            function.close();
        } finally {
            super.close();
        }
    }
}
