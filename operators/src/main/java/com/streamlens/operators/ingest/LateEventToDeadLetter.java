package com.streamlens.operators.ingest;

import com.streamlens.state.events.ClickEvent;
import com.streamlens.state.events.DeadLetter;
import com.streamlens.state.events.RawRecord;
import com.streamlens.state.serde.Json;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.metrics.Counter;

/** A late event goes to the dead-letter topic, re-serialised whole so it can be replayed, and is counted. */
public class LateEventToDeadLetter extends RichMapFunction<ClickEvent, DeadLetter> {
    private final String sourceTopic;
    private final String job;
    private transient Counter late;

    public LateEventToDeadLetter(String sourceTopic, String job) {
        this.sourceTopic = sourceTopic;
        this.job = job;
    }

    @Override
    public void open(OpenContext openContext) {
        late = getRuntimeContext().getMetricGroup().counter("lateEvents");
    }

    @Override
    public DeadLetter map(ClickEvent e) {
        late.inc();
        DeadLetter d = DeadLetter.of(RawRecord.of(sourceTopic, Json.toBytes(e)),
                "late: event time " + e.ts + " is behind the watermark; its window already fired", System.currentTimeMillis());
        d.job = job;
        return d;
    }
}
