package com.streamlens.operators.geo;

/** The page-load timings one upstream subtask saw for a site in one refresh period, shipped as one record. */
public class PageLoadBatch {
    public String siteId;
    public long periodStart;
    public int[] loads;

    public PageLoadBatch() {}

    public PageLoadBatch(String siteId, long periodStart, int[] loads) {
        this.siteId = siteId;
        this.periodStart = periodStart;
        this.loads = loads;
    }
}
