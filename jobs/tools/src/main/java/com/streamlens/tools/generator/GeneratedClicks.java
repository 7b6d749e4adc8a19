package com.streamlens.tools.generator;

import com.streamlens.operators.io.kafka.ParsingDeserializer;
import com.streamlens.state.Topics;
import com.streamlens.state.events.ClickEvent;
import com.streamlens.state.events.ParseResult;
import com.streamlens.state.events.RawRecord;
import com.streamlens.state.serde.ClickEventParser;
import com.streamlens.state.serde.Json;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.connector.datagen.source.GeneratorFunction;

/**
 * Generator-source function: the n-th synthetic clickstream payload, stamped with the wall clock, serialised and
 * parsed as the Kafka source delivers it (so a benchmark pays for both).
 */
public class GeneratedClicks implements GeneratorFunction<Long, ParseResult<ClickEvent>> {
    private final long seed;
    private final int sites;
    private final int users;
    private final int items;
    private final ClickEventParser parser = new ClickEventParser();
    private transient ClickstreamGenerator generator;

    public GeneratedClicks(long seed, int sites, int users, int items) {
        this.seed = seed;
        this.sites = sites;
        this.users = users;
        this.items = items;
    }

    @Override
    public void open(SourceReaderContext readerContext) {
        generator = new ClickstreamGenerator(seed + readerContext.getIndexOfSubtask(), sites, users, items);
    }

    @Override
    public ParseResult<ClickEvent> map(Long index) {
        byte[] payload = Json.toBytes(generator.next(System.currentTimeMillis()));
        return ParsingDeserializer.parse(parser, new RawRecord(Topics.CLICKSTREAM, 0, index, -1L, payload));
    }
}
