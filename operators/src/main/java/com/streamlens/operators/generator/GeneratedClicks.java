package com.streamlens.operators.generator;

import com.streamlens.state.Topics;
import com.streamlens.state.records.RawRecord;
import com.streamlens.state.serde.Json;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.connector.datagen.source.GeneratorFunction;

/** Generator-source function: the n-th synthetic clickstream payload, stamped with the wall clock, as Kafka would deliver it. */
public class GeneratedClicks implements GeneratorFunction<Long, RawRecord> {
    private final long seed;
    private final int sites;
    private final int users;
    private final int items;
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
    public RawRecord map(Long index) {
        return new RawRecord(Topics.CLICKSTREAM, 0, index, -1L, Json.toBytes(generator.next(System.currentTimeMillis())));
    }
}
