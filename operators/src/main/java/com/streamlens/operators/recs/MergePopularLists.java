package com.streamlens.operators.recs;

import com.streamlens.state.records.Recommendation;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * The popular list over all sites: keeps each site's latest list and, every {@code everyMs}, sums the decayed
 * counts per item across them into a top-N with id {@link Recommendation#ALL_SITES}. Runs on a single key (the
 * per-site lists are small and arrive every few seconds).
 */
public class MergePopularLists extends KeyedProcessFunction<String, Recommendation, Recommendation> {
    private final int topN;
    private final long everyMs;
    private transient MapState<String, Recommendation> lists;
    private transient ValueState<Long> timer;

    public MergePopularLists(int topN, long everyMs) {
        this.topN = topN;
        this.everyMs = everyMs;
    }

    @Override
    public void open(OpenContext openContext) {
        lists = getRuntimeContext().getMapState(RecsState.sitePopularLists());
        timer = getRuntimeContext().getState(new ValueStateDescriptor<>("merge-timer", Types.LONG)); // cleared when it fires
    }

    @Override
    public void processElement(Recommendation siteList, Context ctx, Collector<Recommendation> out) throws Exception {
        lists.put(siteList.id, siteList);
        if (timer.value() == null) {
            long due = ctx.timerService().currentProcessingTime() + everyMs;
            timer.update(due);
            ctx.timerService().registerProcessingTimeTimer(due);
        }
    }

    @Override
    public void onTimer(long ts, OnTimerContext ctx, Collector<Recommendation> out) throws Exception {
        timer.clear();
        Map<String, Double> total = new HashMap<>();
        for (Recommendation r : lists.values())
            for (int i = 0; i < r.items.length; i++) total.merge(r.items[i], (double) r.scores[i], Double::sum);
        out.collect(Popularity.topList(Recommendation.ALL_SITES, total.entrySet(), topN, v -> v, ts));
    }
}
