package com.streamlens.operators.batch;

import java.io.Serializable;
import java.util.List;
import java.util.function.Consumer;
import org.apache.flink.metrics.MetricGroup;

/** Work done on a whole micro-batch at once (one model call per batch, not per element). */
public interface BatchFunction<IN, OUT> extends Serializable {
    /** Called once per subtask before the first batch: load models, register metrics. */
    default void open(MetricGroup metrics) throws Exception {}

    void process(List<IN> batch, Consumer<OUT> out) throws Exception;

    default void close() throws Exception {}
}
