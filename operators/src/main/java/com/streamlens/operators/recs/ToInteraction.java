package com.streamlens.operators.recs;

import com.streamlens.operators.recs.als.AlsConfig;
import com.streamlens.state.events.ClickEvent;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.util.Collector;

/**
 * Item views, add-to-carts and purchases as weighted interactions (view &lt; cart &lt; purchase); other events
 * (timings, exposures, pages that show no item) say nothing about taste and are not interactions.
 */
public class ToInteraction implements FlatMapFunction<ClickEvent, Interaction> {
    private final AlsConfig config;

    public ToInteraction(AlsConfig config) {
        this.config = config;
    }

    @Override
    public void flatMap(ClickEvent e, Collector<Interaction> out) {
        if (e.itemId == null || e.itemId.isEmpty() || e.userId == null) return;
        float c = switch (e.type) {
            case PAGE_VIEW -> config.viewWeight();
            case ADD_TO_CART -> config.cartWeight();
            case PURCHASE -> config.purchaseWeight();
            default -> 0f;
        };
        if (c > 0) out.collect(new Interaction(e.userId, e.itemId, e.siteId, c, e.ts));
    }
}
