package com.streamlens.operators.content;

import com.streamlens.state.events.CatalogueItem;
import com.streamlens.state.events.ClickEvent;
import com.streamlens.state.records.Recommendation;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.util.Collector;

/** Views (with their page's h1 and title), add-to-carts and purchases of an item; other events say nothing about taste. */
public class ToContentEvent implements FlatMapFunction<ClickEvent, ContentEvent> {
    @Override
    public void flatMap(ClickEvent e, Collector<ContentEvent> out) {
        if (e.itemId == null || e.itemId.isEmpty() || e.userId == null || e.userId.isEmpty()) return;
        int kind = switch (e.type) {
            case PAGE_VIEW -> ContentEvent.VIEW;
            case ADD_TO_CART -> ContentEvent.CART;
            case PURCHASE -> ContentEvent.PURCHASE;
            default -> -1;
        };
        if (kind < 0) return;
        String text = null;
        if (kind == ContentEvent.VIEW) text = join(e.h1, e.title);
        out.collect(new ContentEvent(e.siteId, e.userId, e.itemId, kind, text, e.ts));
    }

    /** The h1 and the title, the title only when it is not the h1 again (stores often repeat it with their name). */
    static String join(String h1, String title) {
        boolean hasH1 = h1 != null && !h1.isBlank(), hasTitle = title != null && !title.isBlank();
        if (!hasH1) return hasTitle ? title : null;
        if (!hasTitle || title.startsWith(h1)) return hasTitle && title.length() > h1.length() ? title : h1;
        return h1 + " " + title;
    }

    /** The store's own record of an item (the {@code items} topic), stamped with processing time when it carries none. */
    public static class FromCatalogue implements MapFunction<CatalogueItem, ContentEvent> {
        @Override
        public ContentEvent map(CatalogueItem i) {
            ContentEvent e = new ContentEvent(i.siteId, null, i.itemId, ContentEvent.ITEM, i.isAvailable() ? i.text() : null,
                    i.ts > 0 ? i.ts : System.currentTimeMillis());
            e.retired = !i.isAvailable();
            return e;
        }
    }

    /** A visitor's iALS list as the recommendations job wrote it (other kinds on that topic say nothing here). */
    public static class FromIalsList implements FlatMapFunction<Recommendation, ContentEvent> {
        @Override
        public void flatMap(Recommendation r, Collector<ContentEvent> out) {
            if (!Recommendation.USER.equals(r.kind)) return;
            ContentEvent e = new ContentEvent(null, r.id, null, ContentEvent.ALS_LIST, null, r.ts);
            e.alsItems = r.items;
            e.alsScores = r.scores;
            out.collect(e);
        }
    }
}
