package com.streamlens.operators.ingest;

import com.streamlens.state.events.ClickEvent;
import com.streamlens.state.events.DeadLetter;
import com.streamlens.state.events.RawRecord;
import com.streamlens.state.serde.Json;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.metrics.Counter;

/** A late event goes to the dead-letter topic, re-serialised whole so it can be replayed, and is counted. */
public class LateEventToDeadLetter<T> extends RichMapFunction<T, DeadLetter> {
    private final String sourceTopic;
    private final String job;
    private final ParsedEventTime.Timestamp<T> timestamp;
    /** What lateness cost the event in this job, for the reason. */
    private final String consequence;
    private transient Counter late;

    /** A late click in a windowed job. */
    public static LateEventToDeadLetter<ClickEvent> ofWindowedClicks(String sourceTopic, String job) {
        return new LateEventToDeadLetter<>(sourceTopic, job, e -> e.ts, "its window already fired");
    }

    public LateEventToDeadLetter(String sourceTopic, String job, ParsedEventTime.Timestamp<T> timestamp, String consequence) {
        this.sourceTopic = sourceTopic;
        this.job = job;
        this.timestamp = timestamp;
        this.consequence = consequence;
    }

    @Override
    public void open(OpenContext openContext) {
        late = getRuntimeContext().getMetricGroup().counter("lateEvents");
    }

    @Override
    public DeadLetter map(T e) {
        late.inc();
        DeadLetter d = DeadLetter.of(RawRecord.of(sourceTopic, Json.toBytes(e)),
                "late: event time " + timestamp.of(e) + " is behind the watermark; " + consequence, System.currentTimeMillis());
        d.job = job;
        return d;
    }
}
