package com.streamlens.jobs.geo;

import com.streamlens.jobs.common.Args;
import com.streamlens.jobs.common.CommonOptions;
import java.io.Serializable;
import java.time.Duration;
import org.apache.flink.util.ParameterTool;

/** The geo activity job's arguments. */
public record GeoJobOptions(CommonOptions common, int resolution, Duration window, double trimFraction,
                            int speedSamples, long cellTtlSeconds, long speedTtlSeconds) implements Serializable {

    public static final String JOB_NAME = "streamlens-geo-activity";

    public static final String USAGE = "GeoActivityJob: 30-second geo aggregation of clickstream hits and site speed\n"
            + CommonOptions.USAGE + """
              --h3-resolution N            H3 resolution of the cells, 0..15 (default 5, ~250 km² cells)
              --window-seconds N           tumbling window length (default 30)
              --trim-fraction F            slowest share of timings dropped before the median (default 0.2)
              --speed-samples N            timings per site the speed figure covers (default 1250)
              --cell-ttl-seconds N         TTL of geo:* keys (default 90: a cell idle for 3 windows vanishes)
              --speed-ttl-seconds N        TTL of speed:* keys (default 86400)
            """;

    public static GeoJobOptions fromArgs(String[] args) {
        ParameterTool p = ParameterTool.fromArgs(args);
        return new GeoJobOptions(
                CommonOptions.from(p, JOB_NAME),
                Args.intIn(p, "h3-resolution", 5, 0, 15),
                Duration.ofSeconds(Args.longIn(p, "window-seconds", 30, 1, 3600)),
                Args.doubleIn(p, "trim-fraction", 0.2, 0.0, 0.9),
                Args.intIn(p, "speed-samples", 1250, 1, 1_000_000),
                Args.longIn(p, "cell-ttl-seconds", 90, 1, 30L * 86400),
                Args.longIn(p, "speed-ttl-seconds", 86400, 1, 30L * 86400));
    }
}
