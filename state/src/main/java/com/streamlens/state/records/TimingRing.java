package com.streamlens.state.records;

import java.util.Arrays;

/**
 * The last {@code capacity} page-load timings of a site in arrival order (a ring buffer). Kept as one
 * value so RocksDB reads and writes it once per refresh, never per event.
 */
public class TimingRing {
    public int[] values;
    /** Slot the next timing goes into. */
    public int next;
    /** Filled slots (≤ values.length). */
    public int size;

    public TimingRing() {}

    public static TimingRing withCapacity(int capacity) {
        TimingRing r = new TimingRing();
        r.values = new int[capacity];
        return r;
    }

    public void add(int timing) {
        values[next] = timing;
        next = (next + 1) % values.length;
        if (size < values.length) size++;
    }

    /** A copy of the filled slots (order is irrelevant to the median). */
    public int[] snapshot() {
        return Arrays.copyOf(values, size);
    }
}
