package com.streamlens.operators.geo;

import com.streamlens.state.records.GeoCellStats;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.flink.streaming.api.functions.windowing.ProcessAllWindowFunction;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;

/** Gathers every cell summary of one window into the map a web page fetches in one GET (busiest cells first). */
public class AssembleGeoMap extends ProcessAllWindowFunction<GeoCellStats, GeoMapSnapshot, TimeWindow> {
    private final int resolution;

    public AssembleGeoMap(int resolution) {
        this.resolution = resolution;
    }

    @Override
    public void process(Context ctx, Iterable<GeoCellStats> cells, Collector<GeoMapSnapshot> out) {
        List<GeoCellStats> all = new ArrayList<>();
        long total = 0;
        for (GeoCellStats c : cells) {
            all.add(c);
            total += c.hits;
        }
        all.sort(Comparator.comparingLong((GeoCellStats c) -> c.hits).reversed().thenComparing(c -> c.cell));
        GeoMapSnapshot map = new GeoMapSnapshot();
        map.resolution = resolution;
        map.windowStart = ctx.window().getStart();
        map.windowEnd = ctx.window().getEnd();
        map.totalHits = total;
        map.cells = all;
        out.collect(map);
    }
}
