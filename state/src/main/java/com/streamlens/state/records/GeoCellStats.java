package com.streamlens.state.records;

/** One H3 cell's activity in one window (topic {@code geo-activity-30s}, Redis {@code geo:cell:*}). */
public class GeoCellStats {
    public int resolution;
    /** H3 index as the usual 15-hex-digit string. */
    public String cell;
    /** Cell centre, so a map can place it without an H3 library. */
    public double lat;
    public double lon;
    public long windowStart;
    public long windowEnd;
    /** Events with a position in the window, page_timing beacons excluded. */
    public long hits;
    /** Distinct users among those hits, HyperLogLog estimate (about 1.6% relative error at lgK 12). */
    public long users;
    /** Page-load timings the median was taken over before trimming. */
    public int timings;
    /** Median page-load ms after dropping the slowest 20%; null when the window had no timings. */
    public Double loadMsTrimmedMedian;

    public GeoCellStats() {}
}
