package com.streamlens.operators.functions;

import com.streamlens.state.records.DeadLetter;
import com.streamlens.state.records.GeoHit;
import com.streamlens.state.records.RawRecord;
import com.streamlens.state.serde.Json;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.metrics.Counter;

/** Late geo hits (their window already fired) are reported on the dead-letter topic and counted, never dropped silently. */
public class LateHitToDeadLetter extends RichMapFunction<GeoHit, DeadLetter> {
    private final String sourceTopic;
    private transient Counter late;

    public LateHitToDeadLetter(String sourceTopic) {
        this.sourceTopic = sourceTopic;
    }

    @Override
    public void open(OpenContext openContext) {
        late = getRuntimeContext().getMetricGroup().counter("lateEvents");
    }

    @Override
    public DeadLetter map(GeoHit hit) {
        late.inc();
        RawRecord raw = RawRecord.of(sourceTopic, Json.toBytes(hit));
        return DeadLetter.of(raw, "late: event time " + hit.ts + " is behind the watermark; its window already fired",
                System.currentTimeMillis());
    }
}
