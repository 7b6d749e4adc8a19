package com.streamlens.operators.stats;

import org.apache.datasketches.hll.HllSketch;
import org.apache.datasketches.hll.TgtHllType;
import org.apache.datasketches.hll.Union;

/** Distinct-user counting with DataSketches HLL: built in memory, shipped and stored as compact bytes, merged by union. */
public final class DistinctUsers {
    /** lgK 12: at most 2.5 KB, ~1.6% relative standard error; exact-ish (list mode) for small counts. */
    public static final int LG_K = 12;

    private DistinctUsers() {}

    public static HllSketch newSketch() {
        return new HllSketch(LG_K, TgtHllType.HLL_4);
    }

    public static byte[] toBytes(HllSketch sketch) {
        return sketch == null ? null : sketch.toCompactByteArray();
    }

    /** Union of two serialised sketches; either may be null (no users). */
    public static byte[] union(byte[] a, byte[] b) {
        if (a == null) return b;
        if (b == null) return a;
        Union u = new Union(LG_K);
        u.update(HllSketch.heapify(a));
        u.update(HllSketch.heapify(b));
        return u.getResult(TgtHllType.HLL_4).toCompactByteArray();
    }

    public static long estimate(byte[] sketch) {
        return sketch == null ? 0 : Math.round(HllSketch.heapify(sketch).getEstimate());
    }
}
