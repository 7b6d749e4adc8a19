package com.streamlens.state.records;

/**
 * A partial summary of one H3 cell in one window, as pre-aggregated upstream of the shuffle; partials of
 * the same cell and window merge into one (the keyed window's small RocksDB accumulator).
 */
public class GeoCellPartial {
    public long cell;
    public long windowStart;
    public long hits;
    /** Distinct users of the hits: a compact HLL sketch (DataSketches HLL_4), null when there were no hits. */
    public byte[] users;
    /** Page-load timings of the window in ms, unsorted. */
    public int[] timings;

    public GeoCellPartial() {}

    public GeoCellPartial(long cell, long windowStart, long hits, byte[] users, int[] timings) {
        this.cell = cell;
        this.windowStart = windowStart;
        this.hits = hits;
        this.users = users;
        this.timings = timings;
    }
}
