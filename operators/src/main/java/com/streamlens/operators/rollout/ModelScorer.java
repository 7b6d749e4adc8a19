package com.streamlens.operators.rollout;

import java.util.List;

/** One loaded model version: scores batches, and reads each result as the gate compares it. Used by one task thread. */
public interface ModelScorer<IN, R> extends AutoCloseable {
    String version();

    /** One result per element, in order, from one batched model call; null for an element this model does not score (spam, for the category model). */
    List<R> score(List<IN> batch);

    /** The result as one number in [0, 1] whose distribution the gate compares (a spam probability, …). */
    double gateScore(R result);

    /** Whether the result is a positive decision (spam, bot, at risk, robot mail): the gate watches their rate. */
    boolean positive(R result);

    /** Releases what the model holds (a shared scorer's lease); the default holds nothing to release. */
    @Override
    default void close() {}
}
