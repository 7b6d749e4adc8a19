package com.streamlens.operators.geo;

import com.streamlens.operators.stats.DistinctUsers;
import com.streamlens.state.records.GeoCellPartial;
import org.apache.flink.api.common.functions.AggregateFunction;

/**
 * The keyed window's accumulator: partials of one cell merge into one (counts add, sketches union, timings
 * concatenate). Runs once per partial, not per event, so re-serialising the sketch here is cheap enough.
 */
public class MergeGeoCellPartials implements AggregateFunction<GeoCellPartial, GeoCellPartial, GeoCellPartial> {
    @Override
    public GeoCellPartial createAccumulator() {
        return new GeoCellPartial(0, 0, 0, null, new int[0]);
    }

    @Override
    public GeoCellPartial add(GeoCellPartial p, GeoCellPartial acc) {
        return merge(acc, p);
    }

    @Override
    public GeoCellPartial getResult(GeoCellPartial acc) {
        return acc;
    }

    @Override
    public GeoCellPartial merge(GeoCellPartial a, GeoCellPartial b) {
        int[] timings = new int[a.timings.length + b.timings.length];
        System.arraycopy(a.timings, 0, timings, 0, a.timings.length);
        System.arraycopy(b.timings, 0, timings, a.timings.length, b.timings.length);
        return new GeoCellPartial(b.cell, b.windowStart, a.hits + b.hits, DistinctUsers.union(a.users, b.users), timings);
    }
}
