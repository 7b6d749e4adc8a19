package com.streamlens.operators.runtime;

import java.io.Serializable;
import java.util.List;
import org.apache.flink.metrics.MetricGroup;

/** Work done on a whole micro-batch at once (one model call per batch, not per element). */
public interface BatchFunction<IN, OUT> extends Serializable {
    /** Where a batch's results go: each result names the element of the batch it answers. */
    @FunctionalInterface
    interface Results<OUT> {
        /** Emits {@code result} for {@code batch.get(index)}; it leaves with that element's timestamp. */
        void emit(int index, OUT result);
    }

    /** Called once per subtask before the first batch: load models, register metrics. */
    default void open(MetricGroup metrics) throws Exception {}

    void process(List<IN> batch, Results<OUT> out) throws Exception;

    default void close() throws Exception {}
}
