package com.streamlens.jobs.recs;

import com.streamlens.jobs.common.Args;
import com.streamlens.jobs.common.BotFilter;
import com.streamlens.jobs.common.CommonOptions;
import com.streamlens.operators.recs.RecsSettings;
import com.streamlens.operators.recs.als.AlsConfig;
import java.io.Serializable;
import org.apache.flink.util.ParameterTool;

/** The recommendations job's arguments. */
public record RecsJobOptions(CommonOptions common, RecsSettings settings, long userTtlSeconds, long itemTtlSeconds,
                             BotFilter.Options bots)
        implements Serializable {

    public static final String JOB_NAME = "streamlens-recommendations";

    public static final String USAGE = "RecommendationsJob: online iALS factors, personal top-N, similar and popular items\n"
            + CommonOptions.USAGE + BotFilter.USAGE + """
              --factors K                  factor length; must match the item-factors snapshot (default 64)
              --w0 X                       weight of unobserved pairs (default 3.0)
              --lambda X                   L2 regularisation (default 3.0)
              --view-weight X              confidence of an item view (default 1)
              --cart-weight X              confidence of an add-to-cart (default 3)
              --purchase-weight X          confidence of a purchase (default 6)
              --history N                  interactions kept per user (default 200)
              --recency-boost X            extra weight of the newest interactions (default 10)
              --recency-span X             how many recent interactions the boost covers (default 3)
              --top-n N                    list length (default 50)
              --refresh-interval-ms N      a user's list is rewritten at most this often (default 1000)
              --batch N                    users per scoring GEMM (default 64)
              --max-wait-ms N              longest wait for a scoring batch to fill (default 50)
              --exclude-seen true|false    leave the user's own items out of the list (default true)
              --similar-interval-ms N      an item's similar list is recomputed at most this often (default 60000)
              --popular-half-life-ms N     half-life of popularity (default 21600000, 6 h)
              --popular-every-ms N         how often popular lists are written (default 10000)
              --item-publish-interval-ms N a quiet item's new row goes to item-factors at once, a hot item's at most
                                           this often (its latest row; 0: every update; default 1000)
              --user-ttl-seconds N         TTL of reco:user:* keys (default 604800)
              --item-ttl-seconds N         TTL of reco:similar:* and reco:popular:* keys (default 604800)
            """;

    public static RecsJobOptions fromArgs(String[] args) {
        ParameterTool p = ParameterTool.fromArgs(args);
        AlsConfig d = AlsConfig.defaults();
        RecsSettings s = RecsSettings.defaults();
        AlsConfig als = new AlsConfig(
                Args.intIn(p, "factors", d.factors(), 1, 1024),
                Args.doubleIn(p, "w0", d.unobservedWeight(), 1e-9, 1e6),
                Args.doubleIn(p, "lambda", d.regularization(), 1e-9, 1e9),
                d.regExponent(),
                (float) Args.doubleIn(p, "view-weight", d.viewWeight(), 1e-6, 1e6),
                (float) Args.doubleIn(p, "cart-weight", d.cartWeight(), 1e-6, 1e6),
                (float) Args.doubleIn(p, "purchase-weight", d.purchaseWeight(), 1e-6, 1e6),
                Args.intIn(p, "history", d.historyLimit(), 1, 10_000),
                Args.doubleIn(p, "recency-boost", d.recencyBoost(), 0, 1e6),
                Args.doubleIn(p, "recency-span", d.recencySpan(), 1e-3, 1e6));
        String exclude = p.get("exclude-seen", "true");
        if (!exclude.equals("true") && !exclude.equals("false"))
            throw new IllegalArgumentException("--exclude-seen must be true or false, got " + exclude);
        RecsSettings settings = new RecsSettings(als,
                Args.intIn(p, "top-n", s.topN(), 1, 1000),
                Args.longIn(p, "refresh-interval-ms", s.refreshIntervalMs(), 0, 86_400_000),
                Args.intIn(p, "batch", s.batchSize(), 1, 4096),
                Args.longIn(p, "max-wait-ms", s.maxWaitMs(), 1, 60_000),
                Boolean.parseBoolean(exclude),
                Args.longIn(p, "similar-interval-ms", s.similarIntervalMs(), 0, 86_400_000),
                s.gramEmitMs(),
                Args.longIn(p, "popular-half-life-ms", s.popularHalfLifeMs(), 1000, 365L * 86_400_000),
                Args.longIn(p, "popular-every-ms", s.popularEveryMs(), 100, 3_600_000),
                Args.longIn(p, "item-publish-interval-ms", s.itemPublishMs(), 0, 3_600_000));
        return new RecsJobOptions(CommonOptions.from(p, JOB_NAME), settings,
                Args.longIn(p, "user-ttl-seconds", 7 * 86_400, 1, 90L * 86_400),
                Args.longIn(p, "item-ttl-seconds", 7 * 86_400, 1, 90L * 86_400),
                BotFilter.Options.from(p));
    }
}
