package com.streamlens.operators.geo;

import static org.assertj.core.api.Assertions.assertThat;

import com.streamlens.state.events.ClickEvent;
import com.streamlens.state.events.ClickType;
import com.streamlens.state.events.PageTiming;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.util.ListCollector;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class TrackSiteSpeedTest {
    static final long PERIOD = 30_000;
    static final long T0 = 1_763_899_980_000L; // a multiple of 30 s

    static PageLoadBatch batch(String site, long periodStart, int... loads) {
        return new PageLoadBatch(site, periodStart, loads);
    }

    static KeyedOneInputStreamOperatorTestHarness<String, PageLoadBatch, SiteSpeed> harness(int capacity) throws Exception {
        var h = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new TrackSiteSpeed(capacity, PERIOD, 0.2)), (PageLoadBatch b) -> b.siteId, Types.STRING);
        h.setStateBackend(new EmbeddedRocksDBStateBackend());
        return h;
    }

    static List<Integer> pendingTimings(KeyedOneInputStreamOperatorTestHarness<String, PageLoadBatch, SiteSpeed> h, String site) throws Exception {
        h.getOperator().setCurrentKey(site);
        ListState<int[]> pending = h.getOperator().getKeyedStateBackend()
                .getPartitionedState(VoidNamespace.INSTANCE, VoidNamespaceSerializer.INSTANCE, GeoState.pendingTimings());
        List<Integer> out = new ArrayList<>();
        Iterable<int[]> it = pending.get();
        if (it != null) it.forEach(b -> { for (int v : b) out.add(v); });
        return out;
    }

    @Test
    void emitsTheTrimmedMedianOncePerPeriodPerSite() throws Exception {
        try (var h = harness(1250)) {
            h.open();
            // Two upstream subtasks' batches for shop-1, one for shop-2.
            h.processElement(batch("shop-1", T0, 100, 200, 300, 400, 9000), T0 + PERIOD - 1);
            h.processElement(batch("shop-1", T0, 500, 600, 700, 800, 8000), T0 + PERIOD - 1);
            h.processElement(batch("shop-2", T0, 1234), T0 + PERIOD - 1);

            assertThat(h.numEventTimeTimers()).as("one timer per site and period").isEqualTo(2);
            assertThat(pendingTimings(h, "shop-1")).hasSize(10);
            assertThat(h.extractOutputValues()).isEmpty();

            h.processWatermark(T0 + PERIOD - 1);
            var out = h.extractOutputValues();
            assertThat(out).hasSize(2);
            SiteSpeed s1 = out.stream().filter(s -> s.siteId.equals("shop-1")).findFirst().orElseThrow();
            assertThat(s1.loadMsTrimmedMedian).isEqualTo(450.0); // drop 9000 and 8000, median of 100..800
            assertThat(s1.samples).isEqualTo(10);
            assertThat(s1.newSamples).isEqualTo(10);
            assertThat(s1.asOf).isEqualTo(T0 + PERIOD);
            assertThat(h.numEventTimeTimers()).isZero();
            assertThat(pendingTimings(h, "shop-1")).as("pending timings are cleared at refresh").isEmpty();
        }
    }

    @Test
    void keepsOnlyTheLastCapacityTimingsAcrossPeriodsAndRestores() throws Exception {
        OperatorSubtaskState snapshot;
        try (var h = harness(4)) {
            h.open();
            h.processElement(batch("s", T0, 1000, 1000, 1000, 1000), T0 + PERIOD - 1);
            h.processWatermark(T0 + PERIOD - 1);
            assertThat(h.extractOutputValues()).singleElement().satisfies(s -> assertThat(s.loadMsTrimmedMedian).isEqualTo(1000.0));
            // Next period: two fast loads arrive and the state is checkpointed before the period closes.
            h.processElement(batch("s", T0 + PERIOD, 100, 100), T0 + 2 * PERIOD - 1);
            assertThat(pendingTimings(h, "s")).containsExactly(100, 100);
            snapshot = h.snapshot(1, T0 + PERIOD + 3);
        }
        try (var restored = harness(4)) {
            restored.initializeState(snapshot);
            restored.open();
            assertThat(restored.numEventTimeTimers()).as("the pending refresh survives the restore").isEqualTo(1);
            restored.processWatermark(T0 + 2 * PERIOD - 1);
            // Ring of 4 now holds {1000, 1000, 100, 100}: drop floor(0.8) = 0, median (100 + 1000) / 2.
            assertThat(restored.extractOutputValues()).singleElement().satisfies(s -> {
                assertThat(s.samples).isEqualTo(4);
                assertThat(s.newSamples).isEqualTo(2);
                assertThat(s.loadMsTrimmedMedian).isEqualTo(550.0);
            });
            assertThat(pendingTimings(restored, "s")).isEmpty();
        }
    }

    @Test
    void onlyPageTimingsBecomePageLoads() throws Exception {
        List<PageLoad> out = new ArrayList<>();
        var collector = new ListCollector<>(out);
        ClickEvent view = new ClickEvent();
        view.type = ClickType.PAGE_VIEW;
        view.siteId = "s";
        new ToPageLoad().flatMap(view, collector);
        ClickEvent beacon = new ClickEvent();
        beacon.type = ClickType.PAGE_TIMING;
        beacon.siteId = "s";
        beacon.ts = T0;
        beacon.timing = new PageTiming(null, null, null, null, 777);
        new ToPageLoad().flatMap(beacon, collector);
        assertThat(out).singleElement().satisfies(p -> {
            assertThat(p.siteId).isEqualTo("s");
            assertThat(p.loadMs).isEqualTo(777);
            assertThat(p.ts).isEqualTo(T0);
        });
    }
}
