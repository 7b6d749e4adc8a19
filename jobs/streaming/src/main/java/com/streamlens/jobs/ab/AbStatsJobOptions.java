package com.streamlens.jobs.ab;

import com.streamlens.jobs.common.Args;
import com.streamlens.jobs.common.BotFilter;
import com.streamlens.jobs.common.CommonOptions;
import com.streamlens.operators.abtest.AbState;
import com.streamlens.operators.abtest.Allocations;
import java.io.Serializable;
import java.util.Map;
import org.apache.flink.util.ParameterTool;

/** The A/B statistics job's arguments. */
public record AbStatsJobOptions(CommonOptions common, String control, long emitEveryMs, double alpha, double tau,
                                long redisTtlSeconds, long lateExposureMs, Map<String, Map<String, Double>> allocations,
                                BotFilter.Options bots)
        implements Serializable {

    public static final String JOB_NAME = "streamlens-ab-stats";

    public static final String USAGE = "AbStatsJob: continuous A/B statistics per experiment, variant and metric\n"
            + CommonOptions.USAGE + BotFilter.USAGE + """
              --control NAME               the control variant of every experiment (default control)
              --emit-every-ms N            how often an active experiment's statistics are emitted (default 10000)
              --alpha A                    significance level of tests and intervals (default 0.05)
              --tau T                      mSPRT mixing sd, in per-user standard deviations (default 1.0)
              --redis-ttl-seconds N        TTL of ab:* hashes (default 604800)
              --late-exposure-ms N         an exposure arriving after the user's events still claims those stamped at
                                           or after it, up to this much older than the user's newest (default 600000;
                                           0: attribution by arrival)
              --allocation SPEC            designed traffic split per experiment for the SRM check, e.g.
                                           'exp-a=control:90,treatment:10;exp-b=control:1,b:1,c:1' (default: equal)
            """;

    public static AbStatsJobOptions fromArgs(String[] args) {
        ParameterTool p = ParameterTool.fromArgs(args);
        return new AbStatsJobOptions(
                CommonOptions.from(p, JOB_NAME),
                p.get("control", "control"),
                Args.longIn(p, "emit-every-ms", 10_000, 100, 3_600_000),
                Args.doubleIn(p, "alpha", 0.05, 1e-6, 0.5),
                Args.doubleIn(p, "tau", 1.0, 1e-3, 100),
                Args.longIn(p, "redis-ttl-seconds", 7 * 86_400, 1, 90L * 86_400),
                Args.longIn(p, "late-exposure-ms", 600_000, 0, AbState.RECENT_ACTIVITY_TTL.toMillis()),
                Allocations.parse(p.get("allocation", "")),
                BotFilter.Options.from(p));
    }
}
