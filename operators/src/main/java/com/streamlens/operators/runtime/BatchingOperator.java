package com.streamlens.operators.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * The micro-batching of {@link MicroBatchOperator} for any operator that scores in batches: a batch goes when it holds
 * {@code maxBatch} elements or its oldest element has waited {@code maxWaitMs}, and always before a checkpoint barrier
 * (so the buffer needs no state); subclasses also flush before passing a watermark on and at end of input. Each result
 * leaves with the timestamp of the element it answers, so batching never makes an on-time result late downstream. All
 * calls run on the task thread: the buffer needs no locking.
 */
public abstract class BatchingOperator<IN, OUT> extends AbstractStreamOperator<OUT> {
    private static final long NO_TIMESTAMP = Long.MIN_VALUE;

    private final int maxBatch;
    private final long maxWaitMs;

    private transient List<IN> buffer;
    /** The buffered elements' timestamps, {@link #NO_TIMESTAMP} for an element without one. */
    private transient long[] timestamps;
    private transient boolean timerPending;
    private transient StreamRecord<OUT> outRecord;
    private transient volatile int lastBatchSize;

    protected BatchingOperator(int maxBatch, long maxWaitMs) {
        if (maxBatch < 1) throw new IllegalArgumentException("maxBatch must be ≥ 1, got " + maxBatch);
        if (maxWaitMs < 1) throw new IllegalArgumentException("maxWaitMs must be ≥ 1, got " + maxWaitMs);
        this.maxBatch = maxBatch;
        this.maxWaitMs = maxWaitMs;
    }

    /** Scores one batch; each result names the element it answers. */
    protected abstract void processBatch(List<IN> batch, BatchFunction.Results<OUT> out) throws Exception;

    @Override
    public void open() throws Exception {
        super.open();
        buffer = new ArrayList<>(maxBatch);
        timestamps = new long[maxBatch];
        outRecord = new StreamRecord<>(null);
        getMetricGroup().gauge("lastBatchSize", () -> lastBatchSize);
    }

    /** Buffers an element; the batch goes when full or, by a processing-time timer, when its oldest has waited enough. */
    protected void buffer(StreamRecord<IN> element) throws Exception {
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

    protected final void flush() throws Exception {
        if (buffer.isEmpty()) return;
        int size = buffer.size();
        lastBatchSize = size;
        processBatch(buffer, (index, out) -> {
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
}
