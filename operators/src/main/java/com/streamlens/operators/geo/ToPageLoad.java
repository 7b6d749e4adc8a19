package com.streamlens.operators.geo;

import com.streamlens.state.events.ClickEvent;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.util.Collector;

/** Keeps only page-load timings, projected small so the shuffle by site moves 3 fields instead of a whole event. */
public class ToPageLoad implements FlatMapFunction<ClickEvent, PageLoad> {
    @Override
    public void flatMap(ClickEvent e, Collector<PageLoad> out) {
        int loadMs = e.loadMsOrNegative();
        if (loadMs >= 0) out.collect(new PageLoad(e.siteId, loadMs, e.ts));
    }
}
