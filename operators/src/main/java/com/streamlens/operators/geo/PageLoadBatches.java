package com.streamlens.operators.geo;

import com.streamlens.operators.runtime.PartialAggregate;
import com.streamlens.operators.stats.IntList;

/** Collects a site's page-load timings of one refresh period into one batch. */
public class PageLoadBatches implements PartialAggregate<PageLoad, String, PageLoadBatches.Builder, PageLoadBatch> {

    public static final class Builder {
        final String siteId;
        final long periodStart;
        final IntList loads = new IntList(32);

        Builder(String siteId, long periodStart) {
            this.siteId = siteId;
            this.periodStart = periodStart;
        }
    }

    @Override
    public String key(PageLoad p) {
        return p.siteId;
    }

    @Override
    public Builder create(String siteId, long periodStart) {
        return new Builder(siteId, periodStart);
    }

    @Override
    public void add(Builder b, PageLoad p) {
        b.loads.add(p.loadMs);
    }

    @Override
    public PageLoadBatch finish(Builder b) {
        return new PageLoadBatch(b.siteId, b.periodStart, b.loads.toArray());
    }
}
