package com.streamlens.operators.ingest;

import com.streamlens.state.events.DeadLetter;
import com.streamlens.state.events.ParseResult;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MeterView;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Right after a parsing source: valid events go on, rejected records to the {@link #DEAD_LETTERS} side output;
 * counts both (the parse itself ran in the source's deserializer, which has no side outputs). A dead letter is stamped
 * with the job that rejected it.
 */
public class SplitDeadLetters<T> extends ProcessFunction<ParseResult<T>, T> {
    private static final Logger LOG = LoggerFactory.getLogger(SplitDeadLetters.class);
    public static final OutputTag<DeadLetter> DEAD_LETTERS = new OutputTag<>("dead-letters") {};

    private final String job;
    private transient Counter parsed;
    private transient Counter deadLetters;

    public SplitDeadLetters(String job) {
        this.job = job;
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
    public void processElement(ParseResult<T> result, Context ctx, Collector<T> out) {
        if (result.rejected == null) {
            parsed.inc();
            out.collect(result.event);
            return;
        }
        deadLetters.inc();
        DeadLetter d = result.rejected;
        d.job = job;
        if (LOG.isDebugEnabled()) {
            LOG.debug("dead letter from {}[{}]@{}: {}", d.sourceTopic, d.partition, d.offset, d.reason);
        }
        ctx.output(DEAD_LETTERS, d);
    }
}
