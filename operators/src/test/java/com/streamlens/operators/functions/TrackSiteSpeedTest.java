package com.streamlens.operators.functions;

import static org.assertj.core.api.Assertions.assertThat;

import com.streamlens.state.records.ClickEvent;
import com.streamlens.state.records.ClickType;
import com.streamlens.state.records.PageTiming;
import com.streamlens.state.records.SiteSpeed;
import com.streamlens.state.descriptors.GeoState;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class TrackSiteSpeedTest {
    static final long PERIOD = 30_000;
    static final long T0 = 1_763_899_980_000L; // a multiple of 30 s

    static ClickEvent timing(String site, long ts, int loadMs) {
        ClickEvent e = new ClickEvent();
        e.type = ClickType.PAGE_TIMING;
        e.siteId = site;
        e.ts = ts;
        e.timing = new PageTiming(null, null, null, null, loadMs);
        return e;
    }

    static KeyedOneInputStreamOperatorTestHarness<String, ClickEvent, SiteSpeed> harness(int capacity) throws Exception {
        var h = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new TrackSiteSpeed(capacity, PERIOD, 0.2)), (ClickEvent e) -> e.siteId, Types.STRING);
        h.setStateBackend(new EmbeddedRocksDBStateBackend());
        return h;
    }

    static List<Integer> pendingTimings(KeyedOneInputStreamOperatorTestHarness<String, ClickEvent, SiteSpeed> h, String site) throws Exception {
        h.getOperator().setCurrentKey(site);
        ListState<Integer> pending = h.getOperator().getKeyedStateBackend()
                .getPartitionedState(VoidNamespace.INSTANCE, VoidNamespaceSerializer.INSTANCE, GeoState.pendingTimings());
        List<Integer> out = new ArrayList<>();
        Iterable<Integer> it = pending.get();
        if (it != null) it.forEach(out::add);
        return out;
    }

    @Test
    void emitsTheTrimmedMedianOncePerPeriodPerSite() throws Exception {
        try (var h = harness(1250)) {
            h.open();
            int[] loads = {100, 200, 300, 400, 500, 600, 700, 800, 9000, 8000};
            for (int i = 0; i < loads.length; i++) h.processElement(timing("shop-1", T0 + i * 1000, loads[i]), T0 + i * 1000);
            h.processElement(timing("shop-2", T0 + 5, 1234), T0 + 5);

            assertThat(h.numEventTimeTimers()).as("one timer per site and period").isEqualTo(2);
            assertThat(h.extractOutputValues()).isEmpty();

            h.processWatermark(T0 + PERIOD - 1);
            var out = h.extractOutputValues();
            assertThat(out).hasSize(2);
            SiteSpeed s1 = out.stream().filter(s -> s.siteId.equals("shop-1")).findFirst().orElseThrow();
            assertThat(s1.loadMsTrimmedMedian).isEqualTo(450.0);
            assertThat(s1.samples).isEqualTo(10);
            assertThat(s1.newSamples).isEqualTo(10);
            assertThat(s1.asOf).isEqualTo(T0 + PERIOD);
            assertThat(h.numEventTimeTimers()).isZero();
        }
    }

    @Test
    void keepsOnlyTheLastCapacityTimingsAcrossPeriodsAndRestores() throws Exception {
        OperatorSubtaskState snapshot;
        try (var h = harness(4)) {
            h.open();
            for (int i = 0; i < 4; i++) h.processElement(timing("s", T0 + i, 1000), T0 + i);
            h.processWatermark(T0 + PERIOD - 1);
            assertThat(h.extractOutputValues()).singleElement().satisfies(s -> assertThat(s.loadMsTrimmedMedian).isEqualTo(1000.0));
            // Next period, two fast loads arrive and the state is checkpointed before the period closes.
            h.processElement(timing("s", T0 + PERIOD + 1, 100), T0 + PERIOD + 1);
            h.processElement(timing("s", T0 + PERIOD + 2, 100), T0 + PERIOD + 2);
            assertThat(pendingTimings(h, "s")).containsExactly(100, 100);
            snapshot = h.snapshot(1, T0 + PERIOD + 3);
        }
        try (var restored = harness(4)) {
            restored.initializeState(snapshot);
            restored.open();
            assertThat(restored.numEventTimeTimers()).as("the pending refresh survives the restore").isEqualTo(1);
            restored.processWatermark(T0 + 2 * PERIOD - 1);
            // Ring of 4 now holds {1000, 1000, 100, 100}: drop 0 (floor 0.8), median (100 + 1000) / 2.
            assertThat(restored.extractOutputValues()).singleElement().satisfies(s -> {
                assertThat(s.samples).isEqualTo(4);
                assertThat(s.newSamples).isEqualTo(2);
                assertThat(s.loadMsTrimmedMedian).isEqualTo(550.0);
            });
            assertThat(pendingTimings(restored, "s")).as("pending timings are cleared at refresh").isEmpty();
        }
    }

    @Test
    void ignoresEventsWithoutATiming() throws Exception {
        try (var h = harness(10)) {
            h.open();
            ClickEvent view = timing("s", T0, 0);
            view.type = ClickType.PAGE_VIEW;
            h.processElement(view, T0);
            assertThat(h.numEventTimeTimers()).isZero();
            assertThat(pendingTimings(h, "s")).isEmpty();
        }
    }
}
