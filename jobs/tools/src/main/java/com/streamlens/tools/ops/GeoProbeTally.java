package com.streamlens.tools.ops;

import com.streamlens.state.records.GeoCellStats;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What the geo job wrote for the probe's cell, window by window. A window re-emitted after a failover must repeat the
 * same count (its state was restored exactly once); two different counts for one window mean it was not.
 */
public final class GeoProbeTally {
    private final String cell;
    private final Map<Long, TreeSet<Long>> hitsByWindow = new TreeMap<>();
    private long records;

    public GeoProbeTally(String cell) {
        this.cell = cell;
    }

    public void add(GeoCellStats s) {
        if (!cell.equals(s.cell)) return;
        records++;
        hitsByWindow.computeIfAbsent(s.windowStart, w -> new TreeSet<>()).add(s.hits);
    }

    /** Hits over the distinct windows (each window counted once, by its largest count if they disagree). */
    public long hits() {
        return hitsByWindow.values().stream().mapToLong(TreeSet::last).sum();
    }

    public int windows() {
        return hitsByWindow.size();
    }

    /** Records beyond one per window: re-emissions, harmless when they repeat the same count. */
    public long duplicateRecords() {
        return records - hitsByWindow.size();
    }

    /** Windows written with different counts: a lost or doubly counted event. */
    public int inconsistentWindows() {
        return (int) hitsByWindow.values().stream().filter(h -> h.size() > 1).count();
    }

    /** The newest window's start, or -1. */
    public long lastWindow() {
        return hitsByWindow.isEmpty() ? -1 : ((TreeMap<Long, TreeSet<Long>>) hitsByWindow).lastKey();
    }

    public long hitsOf(long windowStart) {
        TreeSet<Long> h = hitsByWindow.get(windowStart);
        return h == null ? -1 : h.last();
    }
}
