package com.streamlens.operators.functions;

import static org.assertj.core.api.Assertions.assertThat;

import com.streamlens.state.records.DeadLetter;
import com.streamlens.state.records.ParseResult;
import com.streamlens.state.records.RawRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.eventtime.TimestampAssigner;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.junit.jupiter.api.Test;

class ParsedEventTimeTest {
    static final WatermarkStrategy<ParseResult<Long>> STRATEGY =
            ParsedEventTime.boundedOutOfOrderness(Duration.ofSeconds(5), Duration.ofMinutes(1), ts -> ts);

    @Test
    void validEventsStampAndMoveTheWatermarkRejectedRecordsKeepTheirKafkaTimeAndMoveNothing() {
        TimestampAssigner<ParseResult<Long>> assigner = STRATEGY.createTimestampAssigner(() -> new UnregisteredMetricsGroup());
        ParseResult<Long> valid = ParseResult.ok(100_000L);
        ParseResult<Long> rejected = ParseResult.rejected(DeadLetter.of(RawRecord.of("clickstream", new byte[0]), "bad JSON", 0));
        assertThat(assigner.extractTimestamp(valid, 999_999L)).isEqualTo(100_000L);
        assertThat(assigner.extractTimestamp(rejected, 999_999L)).as("its Kafka timestamp, for the DLQ record").isEqualTo(999_999L);

        WatermarkGenerator<ParseResult<Long>> generator = new ParsedEventTime.ValidEventsOnly<>(Duration.ofSeconds(5));
        List<Long> emitted = new ArrayList<>();
        WatermarkOutput out = new WatermarkOutput() {
            public void emitWatermark(Watermark w) { emitted.add(w.getTimestamp()); }
            public void markIdle() {}
            public void markActive() {}
        };
        generator.onEvent(valid, 100_000L, out);
        generator.onEvent(rejected, 999_999L, out);
        generator.onPeriodicEmit(out);
        assertThat(emitted).containsExactly(100_000L - 5_000 - 1);
    }
}
