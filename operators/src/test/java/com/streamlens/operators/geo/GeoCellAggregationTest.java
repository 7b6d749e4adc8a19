package com.streamlens.operators.geo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.streamlens.state.records.GeoCellPartial;
import com.streamlens.state.records.GeoCellStats;
import com.uber.h3core.H3Core;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.junit.jupiter.api.Test;

/** The local partial, the keyed merge and the published summary of a cell window, checked against hand-counted data. */
class GeoCellAggregationTest {
    static final long T0 = 1_763_899_980_000L;

    @Test
    void partialsMergeIntoTheSameSummaryAsOneBigPartial() throws Exception {
        H3Core h3 = H3Core.newInstance();
        long cell = h3.latLngToCell(55.75, 37.61, 5);
        GeoCellPartials partials = new GeoCellPartials();

        // Subtask A: 4 hits by u0,u1,u2,u0 and timings 100, 5000 (beacons of u9, not hits).
        GeoCellPartials.Builder a = partials.create(cell, T0);
        for (String u : new String[] {"u0", "u1", "u2", "u0"}) partials.add(a, new GeoHit(cell, ToGeoHit.userHash(u), -1, 1, T0));
        partials.add(a, new GeoHit(cell, ToGeoHit.userHash("u9"), 100, 0, T0));
        partials.add(a, new GeoHit(cell, ToGeoHit.userHash("u9"), 5000, 0, T0));
        // Subtask B: 2 hits by u2,u3 and timings 200, 300, 400.
        GeoCellPartials.Builder b = partials.create(cell, T0);
        partials.add(b, new GeoHit(cell, ToGeoHit.userHash("u2"), -1, 1, T0));
        partials.add(b, new GeoHit(cell, ToGeoHit.userHash("u3"), -1, 1, T0));
        for (int t : new int[] {200, 300, 400}) partials.add(b, new GeoHit(cell, ToGeoHit.userHash("u8"), t, 0, T0));

        GeoCellPartial pa = partials.finish(a);
        assertThat(pa.hits).isEqualTo(4);
        assertThat(pa.timings).containsExactly(100, 5000);

        MergeGeoCellPartials merge = new MergeGeoCellPartials();
        GeoCellPartial acc = merge.add(partials.finish(b), merge.add(pa, merge.createAccumulator()));
        assertThat(acc.hits).isEqualTo(6);
        assertThat(acc.timings).containsExactlyInAnyOrder(100, 200, 300, 400, 5000);

        GeoCellStats s = SummarizeGeoCell.summarize(h3, 5, 0.2, cell, acc, new TimeWindow(T0, T0 + 30_000));
        assertThat(s.cell).isEqualTo(h3.h3ToString(cell));
        assertThat(s.hits).isEqualTo(6);
        assertThat(s.users).as("u0..u3; timing beacons are not hits").isEqualTo(4);
        assertThat(s.timings).isEqualTo(5);
        assertThat(s.loadMsTrimmedMedian).isEqualTo(250.0); // drop 5000, median of 100..400
        assertThat(s.windowStart).isEqualTo(T0);
        assertThat(s.windowEnd).isEqualTo(T0 + 30_000);
        assertThat(s.lat).isCloseTo(55.75, within(0.3));
    }

    @Test
    void aCellWithOnlyTimingsHasNoUsersAndAWindowWithoutTimingsNoMedian() throws Exception {
        H3Core h3 = H3Core.newInstance();
        long cell = h3.latLngToCell(1.0, 1.0, 5);
        GeoCellPartials partials = new GeoCellPartials();
        GeoCellPartials.Builder onlyTimings = partials.create(cell, T0);
        partials.add(onlyTimings, new GeoHit(cell, 1L, 700, 0, T0));
        GeoCellStats s = SummarizeGeoCell.summarize(h3, 5, 0.2, cell, partials.finish(onlyTimings), new TimeWindow(T0, T0 + 30_000));
        assertThat(s.hits).isZero();
        assertThat(s.users).isZero();
        assertThat(s.loadMsTrimmedMedian).isEqualTo(700.0);

        GeoCellPartials.Builder onlyHits = partials.create(cell, T0);
        partials.add(onlyHits, new GeoHit(cell, 1L, -1, 1, T0));
        assertThat(SummarizeGeoCell.summarize(h3, 5, 0.2, cell, partials.finish(onlyHits), new TimeWindow(T0, T0 + 30_000))
                .loadMsTrimmedMedian).isNull();
    }
}
