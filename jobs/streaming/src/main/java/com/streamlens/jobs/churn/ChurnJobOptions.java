package com.streamlens.jobs.churn;

import com.streamlens.jobs.common.Args;
import com.streamlens.jobs.common.CommonOptions;
import com.streamlens.jobs.common.ModelRollouts;
import com.streamlens.operators.churn.ChurnSettings;
import java.io.Serializable;
import java.time.Duration;
import org.apache.flink.util.ParameterTool;

/** The churn job's arguments. */
public record ChurnJobOptions(CommonOptions common, String modelLocation, ChurnSettings settings, int maxBatch, long maxWaitMs,
                                 ModelRollouts.Options rollouts)
        implements Serializable {

    public static final String JOB_NAME = "streamlens-churn";

    public static final String USAGE = "ChurnJob: per-customer activity in RocksDB, a daily churn score from a DL4J model, at-risk lists in Redis\n"
            + CommonOptions.USAGE + """
              --model DIR|URI              churn model artefact (scripts/train-churn writes models/churn-model-*)
              --score-every-ms N           each customer is scored once per this much event time (default 86400000: daily)
              --lifetime-days N            state expires this long after a customer's last activity, after a final score (default 180)
              --milestone-factor X         an extra score X usual purchase gaps after the last purchase (default 2)
              --session-gap-ms N           a new session after this long without events (default 1800000)
              --slow-load-ms N             a page load over this is slow (default 5000)
              --at-risk-size N             customers kept in each site's churn:at-risk set (default 10000)
              --redis-ttl-seconds N        TTL of the churn:* keys (default 604800)
              --batch N                    customers per scoring micro-batch (default 1024)
              --batch-wait-ms N            longest a customer waits for its batch (default 100)
            """ + ModelRollouts.USAGE;

    public static ChurnJobOptions fromArgs(String[] args) {
        ParameterTool p = ParameterTool.fromArgs(args);
        String model = p.get("model");
        if (model == null || model.isBlank()) throw new IllegalArgumentException("--model DIR|URI is required (run scripts/train-churn)");
        return new ChurnJobOptions(CommonOptions.from(p, JOB_NAME), model, settings(p),
                Args.intIn(p, "batch", 1024, 1, 65_536), Args.longIn(p, "batch-wait-ms", 100, 1, 60_000), ModelRollouts.Options.from(p));
    }

    public static ChurnSettings settings(ParameterTool p) {
        ChurnSettings d = ChurnSettings.defaults();
        return new ChurnSettings(
                Duration.ofMillis(Args.longIn(p, "session-gap-ms", d.sessionGap().toMillis(), 1_000, 86_400_000L)),
                Args.intIn(p, "slow-load-ms", d.slowLoadMs(), 1, 600_000),
                Duration.ofMillis(Args.longIn(p, "score-every-ms", d.scoreEvery().toMillis(), 1_000, 30L * 86_400_000)),
                Duration.ofDays(Args.intIn(p, "lifetime-days", (int) d.lifetime().toDays(), 1, 3650)),
                Args.doubleIn(p, "milestone-factor", d.milestoneFactor(), 1, 100),
                Args.intIn(p, "at-risk-size", d.atRiskSize(), 1, 10_000_000),
                Duration.ofSeconds(Args.longIn(p, "redis-ttl-seconds", d.redisTtl().toSeconds(), 1, 3650L * 86_400)));
    }
}
