package com.streamlens.operators.geo;

/**
 * A site's speed figure (topic {@code site-speed}, Redis {@code speed:site:*}): of its last N page-load
 * timings (N = 1,250 by default) drop the slowest 20% and take the median.
 */
public class SiteSpeed {
    public String siteId;
    /** Event time the figure is valid at (end of the 30-second period it was refreshed for). */
    public long asOf;
    /** Timings the figure is computed over (≤ N). */
    public int samples;
    /** Timings that arrived in the last period. */
    public int newSamples;
    public double loadMsTrimmedMedian;

    public SiteSpeed() {}

    public SiteSpeed(String siteId, long asOf, int samples, int newSamples, double loadMsTrimmedMedian) {
        this.siteId = siteId;
        this.asOf = asOf;
        this.samples = samples;
        this.newSamples = newSamples;
        this.loadMsTrimmedMedian = loadMsTrimmedMedian;
    }
}
