package com.streamlens.operators.geo;

/**
 * The compact per-event record the geo windows buffer (32 bytes of fields): everything a cell summary
 * needs and nothing more, so the per-event RocksDB append stays cheap.
 */
public class GeoHit {
    /** H3 cell index at the job's resolution. */
    public long cell;
    /** 64-bit hash of the user id, for the distinct-users sketch. */
    public long userHash;
    /** Page-load time in ms, or -1 when the event is a hit without a timing. */
    public int loadMs;
    /** 1 for a hit (any positioned event but a page_timing beacon), 0 for a timing-only beacon. */
    public int hit;
    public long ts;

    public GeoHit() {}

    public GeoHit(long cell, long userHash, int loadMs, int hit, long ts) {
        this.cell = cell;
        this.userHash = userHash;
        this.loadMs = loadMs;
        this.hit = hit;
        this.ts = ts;
    }
}
