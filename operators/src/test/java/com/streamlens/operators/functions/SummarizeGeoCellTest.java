package com.streamlens.operators.functions;

import static org.assertj.core.api.Assertions.assertThat;

import com.streamlens.state.records.GeoCellStats;
import com.streamlens.state.records.GeoHit;
import com.uber.h3core.H3Core;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;
import org.apache.flink.streaming.api.windowing.triggers.EventTimeTrigger;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.streaming.runtime.operators.windowing.WindowOperatorFactory;
import org.apache.flink.streaming.runtime.operators.windowing.functions.InternalIterableProcessWindowFunction;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class SummarizeGeoCellTest {
    @Test
    void summarisesACellWindowWhenTheWatermarkPassesIt() throws Exception {
        H3Core h3 = H3Core.newInstance();
        long cell = h3.latLngToCell(55.75, 37.61, 5);
        long t0 = 1_763_899_980_000L;
        var stateDesc = new ListStateDescriptor<>("window-contents", TypeInformation.of(GeoHit.class).createSerializer(new org.apache.flink.api.common.serialization.SerializerConfigImpl()));
        var factory = new WindowOperatorFactory<Long, GeoHit, Iterable<GeoHit>, GeoCellStats, TimeWindow>(
                TumblingEventTimeWindows.of(java.time.Duration.ofSeconds(30)),
                new TimeWindow.Serializer(),
                (GeoHit h) -> h.cell,
                Types.LONG.createSerializer(new org.apache.flink.api.common.serialization.SerializerConfigImpl()),
                stateDesc,
                new InternalIterableProcessWindowFunction<>(new SummarizeGeoCell(5, 0.2)),
                EventTimeTrigger.create(),
                0,
                null);
        try (var h = new KeyedOneInputStreamOperatorTestHarness<>(factory, (GeoHit g) -> g.cell, Types.LONG)) {
            h.setStateBackend(new EmbeddedRocksDBStateBackend());
            h.open();
            List<GeoHit> hits = new ArrayList<>();
            for (int u = 0; u < 6; u++) hits.add(new GeoHit(cell, ToGeoHit.userHash("u" + (u % 3)), -1, 1, t0 + u));
            int[] loads = {100, 200, 300, 400, 5000};
            for (int i = 0; i < loads.length; i++) hits.add(new GeoHit(cell, ToGeoHit.userHash("u9"), loads[i], 0, t0 + 10 + i));
            for (GeoHit g : hits) h.processElement(g, g.ts);
            assertThat(h.extractOutputValues()).isEmpty();
            assertThat(h.numEventTimeTimers()).as("one firing timer for the cell window").isEqualTo(1);

            h.processWatermark(t0 + 30_000 - 1);
            GeoCellStats s = (GeoCellStats) h.extractOutputValues().get(0);
            assertThat(s.cell).isEqualTo(h3.h3ToString(cell));
            assertThat(s.hits).isEqualTo(6);
            assertThat(s.users).isEqualTo(4);
            assertThat(s.timings).isEqualTo(5);
            assertThat(s.loadMsTrimmedMedian).isEqualTo(250.0); // drop 5000, median of 100..400
            assertThat(s.windowStart).isEqualTo(t0);
            assertThat(s.windowEnd).isEqualTo(t0 + 30_000);
            assertThat(s.lat).isCloseTo(55.75, org.assertj.core.data.Offset.offset(0.3));
            assertThat(h.numEventTimeTimers()).as("window fired and was cleaned up").isZero();
        }
    }
}
