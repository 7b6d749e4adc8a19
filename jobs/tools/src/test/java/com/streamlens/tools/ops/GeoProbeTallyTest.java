package com.streamlens.tools.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.streamlens.state.records.GeoCellStats;
import org.junit.jupiter.api.Test;

class GeoProbeTallyTest {
    @Test
    void aWindowReEmittedWithTheSameCountIsADuplicateNotAnError() {
        GeoProbeTally t = new GeoProbeTally("probe");
        t.add(stats("probe", 0, 600));
        t.add(stats("probe", 30_000, 600));
        t.add(stats("probe", 30_000, 600)); // replayed after a failover
        t.add(stats("other", 30_000, 999));
        assertThat(t.hits()).isEqualTo(1_200);
        assertThat(t.windows()).isEqualTo(2);
        assertThat(t.duplicateRecords()).isEqualTo(1);
        assertThat(t.inconsistentWindows()).isZero();
        assertThat(t.lastWindow()).isEqualTo(30_000);
        assertThat(t.hitsOf(30_000)).isEqualTo(600);
    }

    @Test
    void aWindowWrittenWithTwoCountsIsInconsistent() {
        GeoProbeTally t = new GeoProbeTally("probe");
        t.add(stats("probe", 0, 590));
        t.add(stats("probe", 0, 600));
        assertThat(t.inconsistentWindows()).isEqualTo(1);
        assertThat(t.hits()).isEqualTo(600);
    }

    @Test
    void probeEventsAreValidClickstreamAtOnePosition() throws Exception {
        ProbeClicks probe = new ProbeClicks("r1");
        var e = probe.pageView(7, System.currentTimeMillis());
        var parsed = new com.streamlens.state.serde.ClickEventParser().parse(com.streamlens.state.serde.Json.toBytes(e));
        assertThat(parsed.eventId).isEqualTo("probe-r1-7");
        assertThat(parsed.lat).isEqualTo(ProbeClicks.LAT);
    }

    private static GeoCellStats stats(String cell, long windowStart, long hits) {
        GeoCellStats s = new GeoCellStats();
        s.cell = cell;
        s.windowStart = windowStart;
        s.hits = hits;
        return s;
    }
}
