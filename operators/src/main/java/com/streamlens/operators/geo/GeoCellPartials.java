package com.streamlens.operators.geo;

import com.streamlens.operators.runtime.PartialAggregate;
import com.streamlens.operators.stats.DistinctUsers;
import com.streamlens.operators.stats.IntList;
import com.streamlens.state.records.GeoCellPartial;
import org.apache.datasketches.hll.HllSketch;

/** Folds geo hits of one cell and window: hit count, an in-memory HLL of the hitting users, the timings. */
public class GeoCellPartials implements PartialAggregate<GeoHit, Long, GeoCellPartials.Builder, GeoCellPartial> {

    /** The mutable in-memory side; never serialised. */
    public static final class Builder {
        final long cell;
        final long windowStart;
        long hits;
        HllSketch users;
        IntList timings;

        Builder(long cell, long windowStart) {
            this.cell = cell;
            this.windowStart = windowStart;
        }
    }

    @Override
    public Long key(GeoHit hit) {
        return hit.cell;
    }

    @Override
    public Builder create(Long cell, long windowStart) {
        return new Builder(cell, windowStart);
    }

    @Override
    public void add(Builder b, GeoHit h) {
        if (h.hit == 1) {
            b.hits++;
            if (b.users == null) b.users = DistinctUsers.newSketch();
            b.users.update(h.userHash);
        }
        if (h.loadMs >= 0) {
            if (b.timings == null) b.timings = new IntList(16);
            b.timings.add(h.loadMs);
        }
    }

    @Override
    public GeoCellPartial finish(Builder b) {
        return new GeoCellPartial(b.cell, b.windowStart, b.hits, DistinctUsers.toBytes(b.users),
                b.timings == null ? new int[0] : b.timings.toArray());
    }
}
