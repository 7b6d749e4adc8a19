package com.streamlens.operators.ingest;

import com.streamlens.state.events.ClickEvent;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Sends events whose tumbling window the watermark has already passed to {@link #LATE}, whole, so they
 * reach the dead-letter topic replayable. Chained right after the watermark assigner, it sees the same
 * watermark as the window pre-aggregators behind it, so what it passes on is never late there.
 */
public class SplitLateEvents extends ProcessFunction<ClickEvent, ClickEvent> {
    public static final OutputTag<ClickEvent> LATE = new OutputTag<>("late-events") {};

    private final long windowMs;

    public SplitLateEvents(long windowMs) {
        this.windowMs = windowMs;
    }

    @Override
    public void processElement(ClickEvent e, Context ctx, Collector<ClickEvent> out) {
        long windowEnd = e.ts - Math.floorMod(e.ts, windowMs) + windowMs;
        if (windowEnd - 1 <= ctx.timerService().currentWatermark()) {
            ctx.output(LATE, e);
        } else {
            out.collect(e);
        }
    }
}
