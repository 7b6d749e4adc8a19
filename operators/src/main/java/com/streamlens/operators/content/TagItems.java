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
 * Per site: turns item pages into tag vectors and purchases into repurchase verdicts. An item is (re-)tagged when it
 * is first seen or its page text changes (the text's hash is kept with the item); a first sighting also counts its tags
 * into the site's document frequencies ({@link DocumentFrequencies}, kept as bytes in keyed state). A purchase counts its
 * buyer (first purchase) or repeat buyer (second) of the item; when that turns the item replenishable or back
 * ({@link RepurchaseRates#replenishable(long, long, double, int)}), the item goes out again. Emits the item's
 * {@link ItemTags} for broadcast. The store's own records (the {@code items} topic) tag an item the same way before anyone
 * visits it, and take it out when it is unavailable or deleted. The site's id and the configured special words are
 * dropped from its tags.
 */
public class TagItems extends KeyedProcessFunction<String, ContentEvent, ItemTags> {
    /** Counters of the frequent-tags sketch: ~100 KB per site, shares resolved down to ~0.1%. */
    static final int SKETCH_COUNTERS = 4096;

    private final ContentJobSettings settings;
    private transient ValueState<byte[]> frequencies;
    private transient MapState<String, ItemTags> items;
    private transient MapState<String, Integer> purchases;
    private transient Map<String, TagAnalyzer> analyzers;
    private transient Counter tagged;

    public TagItems(ContentJobSettings settings) {
        this.settings = settings;
    }

    @Override
    public void open(OpenContext ctx) {
        frequencies = getRuntimeContext().getState(ContentState.siteFrequencies());
        items = getRuntimeContext().getMapState(ContentState.siteItems());
        purchases = getRuntimeContext().getMapState(ContentState.purchases());
        analyzers = new HashMap<>();
        tagged = getRuntimeContext().getMetricGroup().counter("itemsTagged");
    }

    @Override
    public void processElement(ContentEvent e, Context ctx, Collector<ItemTags> out) throws Exception {
        ItemTags item = items.get(e.itemId);
        boolean store = false, emit = false;
        if (e.kind == ContentEvent.PURCHASE) {
            if (item == null) item = new ItemTags(e.siteId, e.itemId, new String[0], new float[0], e.ts);
            int counted = countPurchase(item, e.userId);
            store = counted > 0;
            emit = counted > 1;
        }
        if (e.retired) {
            if (item == null || !item.available) return;
            item.available = false; // out of every list; its tags are kept should a page show it again
            store = emit = true;
        } else if (e.text != null && !e.text.isBlank()
                && (item == null || item.textHash != e.text.hashCode() || item.tags.length == 0 || !item.available)) {
            if (item == null) item = new ItemTags(e.siteId, e.itemId, new String[0], new float[0], e.ts);
            tag(item, e.text, ctx.getCurrentKey());
            item.available = true;
            item.announced = e.kind == ContentEvent.ITEM;
            store = emit = true;
            tagged.inc();
        }
        if (store) {
            item.ts = e.ts;
            items.put(e.itemId, item);
        }
        if (emit) out.collect(item);
    }

    /** (Re-)tags an item from its page text; a first tagging counts its tags into the site's frequencies. */
    private void tag(ItemTags item, String text, String site) throws Exception {
        TagAnalyzer analyzer = analyzers.computeIfAbsent(site, this::analyzerFor);
        List<String> tags = analyzer.tags(text);
        byte[] bytes = frequencies.value();
        DocumentFrequencies df = bytes == null ? new DocumentFrequencies(SKETCH_COUNTERS) : DocumentFrequencies.fromBytes(bytes);
        if (item.textHash == 0 && item.tags.length == 0) {
            df.addItem(tags);
            frequencies.update(df.toBytes());
        }
        TagVector v = new ItemTagger(analyzer, df, settings.model().maxShare(), settings.model().itemTags()).vector(tags);
        item.tags = v.tags();
        item.weights = v.weights();
        item.textHash = text.hashCode();
    }

    /** Counts a purchase: 0 when the buyer had bought it twice already (nothing changes), 1 when counted, 2 when the verdict flipped. */
    private int countPurchase(ItemTags item, String user) throws Exception {
        String key = user + "\u0000" + item.itemId;
        Integer before = purchases.get(key);
        int n = before == null ? 0 : before;
        purchases.put(key, n + 1);
        if (n == 0) item.buyers++;
        else if (n == 1) item.repeatBuyers++;
        else return 0;
        boolean verdict = RepurchaseRates.replenishable(item.buyers, item.repeatBuyers, settings.repurchaseShare(), settings.minBuyers());
        boolean flipped = verdict != item.replenishable;
        item.replenishable = verdict;
        return flipped ? 2 : 1;
    }

    /** The site's analyzer: the words of its id (the store's name in its titles; not its numbers) and the special words dropped. */
    private TagAnalyzer analyzerFor(String site) {
        List<String> special = new ArrayList<>(settings.specialWords());
        if (site != null) for (String part : site.split("[^\\p{L}]+")) if (!part.isEmpty()) special.add(part);
        return new TagAnalyzer(special);
    }
}
