package com.streamlens.operators.functions;

import com.streamlens.state.records.ParseResult;
import java.io.Serializable;
import java.time.Duration;
import org.apache.flink.api.common.eventtime.BoundedOutOfOrdernessWatermarks;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;

/**
 * Event-time watermarks for a parsing Kafka source, given to {@code fromSource} so that they are tracked per partition:
 * one subtask reading several partitions gets them in long runs of one partition, and a watermark over the merged
 * stream would make the others' events late. Rejected records keep their Kafka timestamp and move no watermark.
 */
public final class ParsedEventTime {
    private ParsedEventTime() {}

    /** How a valid event names its own time. */
    public interface Timestamp<T> extends Serializable {
        long of(T event);
    }

    public static <T> WatermarkStrategy<ParseResult<T>> boundedOutOfOrderness(Duration outOfOrderness, Duration idleness,
                                                                              Timestamp<T> timestamp) {
        return WatermarkStrategy.<ParseResult<T>>forGenerator(ctx -> new ValidEventsOnly<>(outOfOrderness))
                .withTimestampAssigner((r, kafkaTimestamp) -> r.rejected == null ? timestamp.of(r.event) : kafkaTimestamp)
                .withIdleness(idleness);
    }

    /** Bounded out-of-orderness over the valid events' timestamps. */
    static final class ValidEventsOnly<T> implements WatermarkGenerator<ParseResult<T>> {
        private final BoundedOutOfOrdernessWatermarks<ParseResult<T>> bounded;

        ValidEventsOnly(Duration outOfOrderness) {
            this.bounded = new BoundedOutOfOrdernessWatermarks<>(outOfOrderness);
        }

        @Override
        public void onEvent(ParseResult<T> r, long timestamp, WatermarkOutput output) {
            if (r.rejected == null) bounded.onEvent(r, timestamp, output);
        }

        @Override
        public void onPeriodicEmit(WatermarkOutput output) {
            bounded.onPeriodicEmit(output);
        }
    }
}
