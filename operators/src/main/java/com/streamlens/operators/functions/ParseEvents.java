package com.streamlens.operators.functions;

import com.streamlens.state.records.DeadLetter;
import com.streamlens.state.records.RawRecord;
import com.streamlens.state.serde.EventParser;
import com.streamlens.state.serde.InvalidEventException;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MeterView;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Parses raw Kafka payloads into events. Anything unusable goes to the {@link #DEAD_LETTERS} side output
 * with its reason and provenance; nothing throws out of this operator.
 */
public class ParseEvents<T> extends ProcessFunction<RawRecord, T> {
    private static final Logger LOG = LoggerFactory.getLogger(ParseEvents.class);
    public static final OutputTag<DeadLetter> DEAD_LETTERS = new OutputTag<>("dead-letters") {};

    private final EventParser<T> parser;
    private transient Counter parsed;
    private transient Counter deadLetters;

    public ParseEvents(EventParser<T> parser) {
        this.parser = parser;
    }

    @Override
    public void open(OpenContext openContext) {
        var metrics = getRuntimeContext().getMetricGroup();
        parsed = metrics.counter("eventsParsed");
        deadLetters = metrics.counter("deadLetters");
        metrics.meter("eventsPerSecond", new MeterView(parsed));
        metrics.meter("deadLettersPerSecond", new MeterView(deadLetters));
    }

    @Override
    public void processElement(RawRecord raw, Context ctx, Collector<T> out) {
        T event;
        try {
            event = raw.payload == null && raw.key != null ? parser.parseTombstone(raw.key, raw.kafkaTimestamp) : parser.parse(raw.payload);
        } catch (InvalidEventException e) {
            reject(raw, e.getMessage(), ctx);
            return;
        } catch (RuntimeException e) {
            // A parser bug must not take the job down either; the reason names it for whoever fixes it.
            reject(raw, "parser error: " + e, ctx);
            return;
        }
        parsed.inc();
        out.collect(event);
    }

    private void reject(RawRecord raw, String reason, Context ctx) {
        deadLetters.inc();
        if (LOG.isDebugEnabled()) {
            LOG.debug("dead letter from {}[{}]@{}: {}", raw.topic, raw.partition, raw.offset, reason);
        }
        ctx.output(DEAD_LETTERS, DeadLetter.of(raw, reason, System.currentTimeMillis()));
    }
}
