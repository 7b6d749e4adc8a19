package com.streamlens.operators.ingest;

import com.streamlens.state.events.ParseResult;
import java.io.Serializable;
import java.time.Duration;
import org.apache.flink.api.common.eventtime.BoundedOutOfOrdernessWatermarks;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.eventtime.WatermarksWithIdleness;

/**
 * Event-time watermarks for a parsing Kafka source, given to {@code fromSource} so that they are tracked per partition:
 * one subtask reading several partitions gets them in long runs of one partition, and a watermark over the merged
 * stream would make the others' events late. Rejected records keep their Kafka timestamp, move no watermark and do
 * not count as activity.
 */
public final class ParsedEventTime {
    private ParsedEventTime() {}

    /** How a valid event names its own time. */
    public interface Timestamp<T> extends Serializable {
        long of(T event);
    }

    public static <T> WatermarkStrategy<ParseResult<T>> boundedOutOfOrderness(Duration outOfOrderness, Duration idleness,
                                                                              Timestamp<T> timestamp) {
        // Idleness inside the filter: a partition carrying only rejected records is idle, it must not stall the windows.
        return WatermarkStrategy.<ParseResult<T>>forGenerator(ctx -> new ValidEventsOnly<>(new WatermarksWithIdleness<>(
                        new BoundedOutOfOrdernessWatermarks<>(outOfOrderness), idleness, ctx.getInputActivityClock())))
                .withTimestampAssigner((r, kafkaTimestamp) -> r.rejected == null ? timestamp.of(r.event) : kafkaTimestamp);
    }

    /** Shows the wrapped generator the valid events only. */
    static final class ValidEventsOnly<T> implements WatermarkGenerator<ParseResult<T>> {
        private final WatermarkGenerator<ParseResult<T>> validEvents;

        ValidEventsOnly(WatermarkGenerator<ParseResult<T>> validEvents) {
            this.validEvents = validEvents;
        }

        @Override
        public void onEvent(ParseResult<T> r, long timestamp, WatermarkOutput output) {
            if (r.rejected == null) validEvents.onEvent(r, timestamp, output);
        }

        @Override
        public void onPeriodicEmit(WatermarkOutput output) {
            validEvents.onPeriodicEmit(output);
        }
    }
}
