package com.streamlens.operators.runtime;

import java.io.Serializable;

/**
 * How {@link PreAggregateWindows} folds events of one key and window into a mutable in-memory builder, and
 * turns the builder into the record it ships downstream.
 */
public interface PartialAggregate<IN, K, B, OUT> extends Serializable {
    K key(IN in);

    B create(K key, long windowStart);

    void add(B builder, IN in);

    OUT finish(B builder);
}
