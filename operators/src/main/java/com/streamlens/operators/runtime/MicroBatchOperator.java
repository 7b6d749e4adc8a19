package com.streamlens.operators.runtime;

import java.util.List;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * Collects elements into micro-batches ({@link BatchingOperator}) and hands each batch to a {@link BatchFunction}:
 * one model call per batch, not per element.
 */
public class MicroBatchOperator<IN, OUT> extends BatchingOperator<IN, OUT>
        implements OneInputStreamOperator<IN, OUT>, BoundedOneInput {

    private final BatchFunction<IN, OUT> function;

    public MicroBatchOperator(BatchFunction<IN, OUT> function, int maxBatch, long maxWaitMs) {
        super(maxBatch, maxWaitMs);
        this.function = function;
    }

    @Override
    public void open() throws Exception {
        super.open();
        function.open(getMetricGroup());
    }

    @Override
    public void processElement(StreamRecord<IN> element) throws Exception {
        buffer(element);
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

    @Override
    protected void processBatch(List<IN> batch, BatchFunction.Results<OUT> out) throws Exception {
        function.process(batch, out);
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
