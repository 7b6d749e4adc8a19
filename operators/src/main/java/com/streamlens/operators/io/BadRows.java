package com.streamlens.operators.io;

import java.util.ArrayList;
import java.util.List;

/**
 * What a reader does with a bad row: by default the first one stops the tool ({@link BadInput}); under
 * {@code --skip-bad-rows} it is counted and skipped, and the tool reports how many with the first few reasons.
 */
public final class BadRows {
    private static final int REASONS_KEPT = 3;
    private final boolean skip;
    private final List<String> firstReasons = new ArrayList<>();
    private long skipped;

    public BadRows(boolean skip) {
        this.skip = skip;
    }

    /** Stops the tool with {@code bad}, or counts it when skipping. */
    public void reject(BadInput bad) {
        if (!skip) throw bad;
        skipped++;
        if (firstReasons.size() < REASONS_KEPT) firstReasons.add(bad.getMessage());
    }

    public long skipped() {
        return skipped;
    }

    /** A line for the tool's output, or null when nothing was skipped. */
    public String summary() {
        return skipped == 0 ? null : "skipped " + skipped + " bad rows (--skip-bad-rows); the first: " + String.join(" | ", firstReasons);
    }
}
