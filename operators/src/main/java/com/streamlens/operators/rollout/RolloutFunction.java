package com.streamlens.operators.rollout;

import com.streamlens.operators.runtime.BatchFunction;
import java.io.Serializable;
import java.util.List;
import org.apache.flink.metrics.MetricGroup;

/**
 * A feature's side of a rolled-out model: turns a scored batch into the feature's output (a mail verdict, a churn
 * score), each element with the result of the model that decides for its user.
 */
public interface RolloutFunction<IN, R, OUT> extends Serializable {
    /** The result that decides for one element, and which model gave it. */
    record Decision<R>(R result, String modelVersion, boolean candidate) {}

    default void open(MetricGroup metrics) throws Exception {}

    /** Emits the outputs of a batch; {@code decisions.get(i)} answers {@code batch.get(i)}. */
    void emit(List<IN> batch, List<Decision<R>> decisions, BatchFunction.Results<OUT> out) throws Exception;

    default void close() throws Exception {}
}
