package com.streamlens.operators.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.streamlens.state.events.ClickEvent;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

class SplitLateEventsTest {
    static final long T0 = 1_763_899_980_000L; // a multiple of 30 s

    static ClickEvent at(String id, long ts) {
        ClickEvent e = new ClickEvent();
        e.eventId = id;
        e.ts = ts;
        return e;
    }

    @Test
    void anEventIsLateOnlyOnceTheWatermarkReachedTheEndOfItsWindow() throws Exception {
        try (var h = ProcessFunctionTestHarnesses.forProcessFunction(new SplitLateEvents(30_000))) {
            h.processWatermark(T0 + 29_998);
            h.processElement(at("open-window", T0 + 5), T0 + 5);
            h.processWatermark(T0 + 29_999);
            h.processElement(at("closed-window", T0 + 6), T0 + 6);
            h.processElement(at("next-window", T0 + 30_000), T0 + 30_000);

            assertThat(h.extractOutputValues()).extracting(e -> e.eventId).containsExactly("open-window", "next-window");
            assertThat(h.getSideOutput(SplitLateEvents.LATE)).extracting(StreamRecord::getValue)
                    .extracting(e -> e.eventId).containsExactly("closed-window");
        }
    }
}
