package com.streamlens.operators.geo;

import com.streamlens.operators.stats.DistinctUsers;
import com.streamlens.operators.stats.TrimmedMedian;
import com.streamlens.state.records.GeoCellPartial;
import com.streamlens.state.records.GeoCellStats;
import com.uber.h3core.H3Core;
import com.uber.h3core.util.LatLng;
import java.io.IOException;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;

/**
 * Turns a cell's merged window accumulator into its published summary when the window fires: hit count,
 * distinct users (HLL estimate) and the trimmed median page-load time.
 */
public class SummarizeGeoCell extends ProcessWindowFunction<GeoCellPartial, GeoCellStats, Long, TimeWindow> {
    private final int resolution;
    private final double trimFraction;
    private transient H3Core h3;

    public SummarizeGeoCell(int resolution, double trimFraction) {
        this.resolution = resolution;
        this.trimFraction = trimFraction;
    }

    @Override
    public void open(OpenContext openContext) throws IOException {
        h3 = H3Core.newInstance();
    }

    @Override
    public void process(Long cell, Context ctx, Iterable<GeoCellPartial> merged, Collector<GeoCellStats> out) {
        for (GeoCellPartial acc : merged) {
            out.collect(summarize(h3, resolution, trimFraction, cell, acc, ctx.window()));
        }
    }

    static GeoCellStats summarize(H3Core h3, int resolution, double trimFraction, long cell, GeoCellPartial acc, TimeWindow window) {
        GeoCellStats s = new GeoCellStats();
        s.resolution = resolution;
        s.cell = h3.h3ToString(cell);
        LatLng centre = h3.cellToLatLng(cell);
        s.lat = centre.lat;
        s.lon = centre.lng;
        s.windowStart = window.getStart();
        s.windowEnd = window.getEnd();
        s.hits = acc.hits;
        s.users = DistinctUsers.estimate(acc.users);
        s.timings = acc.timings.length;
        s.loadMsTrimmedMedian = acc.timings.length == 0 ? null
                : TrimmedMedian.ofSlowestTrimmed(acc.timings.clone(), acc.timings.length, trimFraction);
        return s;
    }
}
