package com.streamlens.operators.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.streamlens.state.events.DeadLetter;
import com.streamlens.state.events.ParseResult;
import com.streamlens.state.events.RawRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.eventtime.TimestampAssigner;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkGeneratorSupplier;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.util.clock.ManualClock;
import org.apache.flink.util.clock.RelativeClock;
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

        ManualClock clock = new ManualClock();
        WatermarkGenerator<ParseResult<Long>> generator = STRATEGY.createWatermarkGenerator(context(clock));
        Output out = new Output();
        generator.onEvent(valid, 100_000L, out);
        generator.onEvent(rejected, 999_999L, out);
        generator.onPeriodicEmit(out);
        assertThat(out.emitted).containsExactly(100_000L - 5_000 - 1);
    }

    @Test
    void aPartitionCarryingOnlyRejectedRecordsGoesIdleAndStallsNoWindow() {
        ManualClock clock = new ManualClock();
        WatermarkGenerator<ParseResult<Long>> generator = STRATEGY.createWatermarkGenerator(context(clock));
        Output out = new Output();
        generator.onEvent(ParseResult.ok(100_000L), 100_000L, out);
        for (int second = 0; second < 90; second++) { // garbage for a minute and a half, past the 1-minute idleness
            clock.advanceTime(Duration.ofSeconds(1));
            generator.onEvent(ParseResult.rejected(DeadLetter.of(RawRecord.of("clickstream", new byte[0]), "bad JSON", 0)), 1L, out);
            generator.onPeriodicEmit(out);
        }
        assertThat(out.idle).isTrue();
    }

    static WatermarkGeneratorSupplier.Context context(ManualClock clock) {
        return new WatermarkGeneratorSupplier.Context() {
            public MetricGroup getMetricGroup() { return new UnregisteredMetricsGroup(); }
            public RelativeClock getInputActivityClock() { return clock; }
        };
    }

    static final class Output implements WatermarkOutput {
        final List<Long> emitted = new ArrayList<>();
        boolean idle;
        public void emitWatermark(Watermark w) { emitted.add(w.getTimestamp()); idle = false; }
        public void markIdle() { idle = true; }
        public void markActive() { idle = false; }
    }
}
