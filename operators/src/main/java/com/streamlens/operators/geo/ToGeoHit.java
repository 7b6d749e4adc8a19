package com.streamlens.operators.geo;

import com.streamlens.state.events.ClickEvent;
import com.streamlens.state.events.ClickType;
import com.uber.h3core.H3Core;
import java.io.IOException;
import org.apache.datasketches.hash.MurmurHash3;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichFlatMapFunction;
import org.apache.flink.metrics.Counter;
import org.apache.flink.util.Collector;

/** Projects a positioned clickstream event onto its H3 cell; events without a position are counted and passed over. */
public class ToGeoHit extends RichFlatMapFunction<ClickEvent, GeoHit> {
    /** Fixed so user hashes agree across restarts and subtasks. */
    static final long USER_HASH_SEED = 0x5EEDL;

    private final int resolution;
    private transient H3Core h3;
    private transient Counter withoutPosition;

    public ToGeoHit(int resolution) {
        if (resolution < 0 || resolution > 15) {
            throw new IllegalArgumentException("H3 resolution must be 0..15, got " + resolution);
        }
        this.resolution = resolution;
    }

    @Override
    public void open(OpenContext openContext) throws IOException {
        h3 = H3Core.newInstance();
        // Ip-only events are not lost: they stay in the clickstream for a later ip→position enrichment.
        withoutPosition = getRuntimeContext().getMetricGroup().counter("eventsWithoutPosition");
    }

    @Override
    public void flatMap(ClickEvent e, Collector<GeoHit> out) {
        if (!e.hasPosition()) {
            withoutPosition.inc();
            return;
        }
        long cell = h3.latLngToCell(e.lat, e.lon, resolution);
        int hit = e.type == ClickType.PAGE_TIMING ? 0 : 1;
        out.collect(new GeoHit(cell, userHash(e.userId), e.loadMsOrNegative(), hit, e.ts));
    }

    public static long userHash(String userId) {
        return MurmurHash3.hash(userId.toCharArray(), USER_HASH_SEED)[0];
    }
}
