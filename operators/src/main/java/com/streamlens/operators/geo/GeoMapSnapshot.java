package com.streamlens.operators.geo;

import com.streamlens.state.records.GeoCellStats;
import java.util.List;

/** All active cells of one window: the whole map a web page fetches with one GET. */
public class GeoMapSnapshot {
    public int resolution;
    public long windowStart;
    public long windowEnd;
    public long totalHits;
    public List<GeoCellStats> cells;

    public GeoMapSnapshot() {}
}
