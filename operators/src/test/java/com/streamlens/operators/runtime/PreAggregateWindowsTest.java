package com.streamlens.operators.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.streamlens.operators.geo.PageLoad;
import com.streamlens.operators.geo.PageLoadBatch;
import com.streamlens.operators.geo.PageLoadBatches;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.util.OutputTag;
import org.junit.jupiter.api.Test;

class PreAggregateWindowsTest {
    static final long W = 30_000;
    static final long T0 = 1_763_899_980_000L;
    static final OutputTag<PageLoad> LATE = new OutputTag<>("late") {};

    static OneInputStreamOperatorTestHarness<PageLoad, PageLoadBatch> harness(int maxBuffered) throws Exception {
        var h = new OneInputStreamOperatorTestHarness<>(new PreAggregateWindows<>(new PageLoadBatches(), W, maxBuffered, LATE));
        h.open();
        return h;
    }

    static void load(OneInputStreamOperatorTestHarness<PageLoad, PageLoadBatch> h, String site, int ms, long ts) throws Exception {
        h.processElement(new PageLoad(site, ms, ts), ts);
    }

    @Test
    void emitsOnePartialPerKeyAndWindowWhenTheWatermarkPassesItThenForwardsTheWatermark() throws Exception {
        try (var h = harness(1000)) {
            load(h, "a", 100, T0 + 1);
            load(h, "a", 200, T0 + 2);
            load(h, "b", 300, T0 + 3);
            load(h, "a", 400, T0 + W + 1); // next window
            assertThat(h.getOutput()).isEmpty();

            h.processWatermark(new Watermark(T0 + W - 1));
            List<Object> out = List.copyOf(h.getOutput());
            assertThat(out).hasSize(3);
            assertThat(out.get(2)).as("watermark after the partials it completes").isEqualTo(new Watermark(T0 + W - 1));
            Map<String, StreamRecord<PageLoadBatch>> byKey = out.subList(0, 2).stream()
                    .map(o -> (StreamRecord<PageLoadBatch>) o)
                    .collect(Collectors.toMap(r -> r.getValue().siteId, r -> r));
            assertThat(byKey.get("a").getValue().loads).containsExactly(100, 200);
            assertThat(byKey.get("a").getTimestamp()).isEqualTo(T0 + W - 1);
            assertThat(byKey.get("b").getValue().loads).containsExactly(300);
            assertThat(byKey.get("a").getValue().periodStart).isEqualTo(T0);
        }
    }

    @Test
    void flushesEverythingBeforeACheckpointBarrierSoNoStateIsNeeded() throws Exception {
        try (var h = harness(1000)) {
            load(h, "a", 100, T0 + 1);
            load(h, "a", 150, T0 + W + 1);
            h.prepareSnapshotPreBarrier(1);
            assertThat(h.extractOutputValues()).extracting(b -> b.periodStart).containsExactlyInAnyOrder(T0, T0 + W);
            // Later events of the same (still open) window make a second partial; downstream merges them.
            load(h, "a", 300, T0 + 5);
            h.processWatermark(new Watermark(T0 + W - 1));
            assertThat(h.extractOutputValues()).hasSize(3);
        }
    }

    @Test
    void lateEventsGoToTheSideOutputAndMemoryIsBounded() throws Exception {
        try (var h = harness(2)) {
            h.processWatermark(new Watermark(T0 + W - 1));
            load(h, "a", 100, T0 + 10); // its window is already complete
            assertThat(h.getSideOutput(LATE)).extracting(StreamRecord::getValue).extracting(p -> p.loadMs).containsExactly(100);

            load(h, "a", 1, T0 + W);
            load(h, "b", 2, T0 + W);
            assertThat(h.extractOutputValues()).isEmpty();
            load(h, "c", 3, T0 + W); // a third key-window exceeds maxBuffered = 2: early flush
            assertThat(h.extractOutputValues()).extracting(b -> b.siteId).containsExactlyInAnyOrder("a", "b", "c");
        }
    }
}
