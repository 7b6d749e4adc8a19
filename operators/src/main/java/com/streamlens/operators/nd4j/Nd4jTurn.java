package com.streamlens.operators.nd4j;

import java.util.function.Supplier;

/**
 * One JVM-wide turn for ND4J work that several threads do at once. ND4J 1.0.0-M2.1's native TAD and shape caches
 * are not safe to fill from two threads together: CI saw a SIGSEGV in {@code sd::TadDescriptor} (from
 * {@code execBroadcast}) while the spam model's two towers trained in parallel, as in deeplearning4j#9278, and later
 * a native abort while only their per-batch calls took turns; training now runs one network at a time
 * ({@code SpamTrainer}). Callers keep their own threads (and so their own ND4J random streams); only the native
 * calls take turns.
 */
public final class Nd4jTurn {
    private static final Object TURN = new Object();

    private Nd4jTurn() {}

    public static <T> T take(Supplier<T> work) {
        synchronized (TURN) {
            return work.get();
        }
    }
}
