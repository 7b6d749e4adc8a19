package com.streamlens.operators.geo;

/** One page-load timing of a site: the small projection of a page_timing event the speed operator is keyed on. */
public class PageLoad {
    public String siteId;
    public int loadMs;
    public long ts;

    public PageLoad() {}

    public PageLoad(String siteId, int loadMs, long ts) {
        this.siteId = siteId;
        this.loadMs = loadMs;
        this.ts = ts;
    }
}
