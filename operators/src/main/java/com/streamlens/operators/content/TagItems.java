package com.streamlens.operators.content;

import com.streamlens.state.records.ItemTags;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Per site: turns item pages into tag vectors. An item is (re-)tagged when it is first seen or its page text changes
 * (a hash of the text is kept per item); a first sighting also counts its tags into the site's document frequencies
 * ({@link DocumentFrequencies}, kept as bytes in keyed state). Emits the item's {@link ItemTags} for broadcast. The site's
 * id and the configured special words are dropped from its tags.
 */
public class TagItems extends KeyedProcessFunction<String, ContentEvent, ItemTags> {
    /** Counters of the frequent-tags sketch: ~100 KB per site, shares resolved down to ~0.1%. */
    static final int SKETCH_COUNTERS = 4096;

    private final ContentJobSettings settings;
    private transient ValueState<byte[]> frequencies;
    private transient MapState<String, Integer> textHashes;
    private transient Map<String, TagAnalyzer> analyzers;
    private transient Counter tagged;

    public TagItems(ContentJobSettings settings) {
        this.settings = settings;
    }

    @Override
    public void open(OpenContext ctx) {
        frequencies = getRuntimeContext().getState(ContentState.siteFrequencies());
        textHashes = getRuntimeContext().getMapState(ContentState.itemTextHashes());
        analyzers = new HashMap<>();
        tagged = getRuntimeContext().getMetricGroup().counter("itemsTagged");
    }

    @Override
    public void processElement(ContentEvent e, Context ctx, Collector<ItemTags> out) throws Exception {
        if (e.text == null || e.text.isBlank()) return;
        int hash = e.text.hashCode();
        Integer known = textHashes.get(e.itemId);
        if (known != null && known == hash) return;
        TagAnalyzer analyzer = analyzers.computeIfAbsent(e.siteId, this::analyzerFor);
        List<String> tags = analyzer.tags(e.text);
        byte[] bytes = frequencies.value();
        DocumentFrequencies df = bytes == null ? new DocumentFrequencies(SKETCH_COUNTERS) : DocumentFrequencies.fromBytes(bytes);
        if (known == null) {
            df.addItem(tags);
            frequencies.update(df.toBytes());
        }
        TagVector v = new ItemTagger(analyzer, df, settings.model().maxShare(), settings.model().itemTags()).vector(tags);
        textHashes.put(e.itemId, hash);
        out.collect(new ItemTags(e.siteId, e.itemId, v.tags(), v.weights(), e.ts));
        tagged.inc();
    }

    /** The site's analyzer: the words of its id (the store's name in its titles; not its numbers) and the special words dropped. */
    private TagAnalyzer analyzerFor(String site) {
        List<String> special = new ArrayList<>(settings.specialWords());
        if (site != null) for (String part : site.split("[^\\p{L}]+")) if (!part.isEmpty()) special.add(part);
        return new TagAnalyzer(special);
    }
}
