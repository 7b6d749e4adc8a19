package com.streamlens.operators.recs;

import com.streamlens.operators.recs.als.Gram;
import com.streamlens.state.records.GramDelta;

/**
 * The change of the user Gram XᵀX since it was last sent to the item side, sent at most every {@code periodMs}: the item
 * side's solves need XᵀX, which changes with every user row. Its count may go negative (it is a difference);
 * checkpointed as operator state, reset at every send.
 */
final class UserGramChanges {
    private final int k;
    private final long periodMs;
    private Gram delta;
    private long lastSent;

    UserGramChanges(int k, long periodMs) {
        this.k = k;
        this.periodMs = periodMs;
        this.delta = new Gram(k);
    }

    /** A user's row went from {@code before} to {@code after} (either null: the row appears or leaves). */
    void replace(float[] before, float[] after) {
        delta.replace(before, after);
    }

    /** The change to send at {@code now}, reset; null while the period since the last send has not passed. */
    GramDelta takeIfDue(long now) {
        if (now - lastSent < periodMs) return null;
        lastSent = now;
        GramDelta out = current();
        delta = new Gram(k);
        return out;
    }

    /** The change not yet sent (for a checkpoint). */
    GramDelta current() {
        return new GramDelta(delta.toFlatUpper(), delta.count());
    }

    /** Adds restored changes (after a rescale, several subtasks' changes merge into one). */
    void restore(Iterable<GramDelta> changes) {
        for (GramDelta d : changes) delta.add(d.upper, d.count);
    }
}
