package com.streamlens.jobs.content;

import com.streamlens.jobs.common.Args;
import com.streamlens.jobs.common.CommonOptions;
import com.streamlens.operators.content.ContentJobSettings;
import com.streamlens.operators.content.ContentSettings;
import java.io.Serializable;
import java.util.Arrays;
import java.util.List;
import org.apache.flink.util.ParameterTool;

/** The content job's arguments. */
public record ContentJobOptions(CommonOptions common, ContentJobSettings settings, long userTtlSeconds, boolean hybrid)
        implements Serializable {

    public static final String JOB_NAME = "streamlens-content";

    public static final String USAGE = "ContentRecsJob: visitors' content tag profiles and content-based lists\n"
            + CommonOptions.USAGE + """
              --top-n N                 list length (default 20)
              --refresh-delay-ms N      a list is rewritten this long after the interaction that asks for it; a burst
                                        within it makes one list (default 200)
              --profile-tags N          tags a profile keeps, the weakest evicted (default 50)
              --item-tags N             tags an item keeps (default 30)
              --half-life-days X        decay of profile weights in event time (default 7)
              --max-share X             tags in more than this share of a site's items are dropped (default 0.1)
              --view-strength X         weight of a page view (default 1)
              --cart-strength X         weight of an add-to-cart (default 3)
              --purchase-strength X     weight of a purchase (default 5)
              --recent-items N          recent and bought items a profile keeps, left out of its list (default 50)
              --profile-ttl-days N      a profile expires this long after its last activity (default 90)
              --special-words W,W,...   words dropped from every site's tags beside the built-in ones (default none)
              --repurchase-share X      a bought item comes back to its buyer's list when this share of its buyers bought it
                                        again (replenishable: milk, socks; default 0.3) ...
              --min-buyers N            ... over at least this many buyers (default 5)
              --hybrid true|false       read the iALS lists back from recommendations and write reco:hybrid:{user}
                                        (default true)
              --hybrid-ku X, --hybrid-ki X, --hybrid-content-weight X
                                        the blend's k_u, k_i and content weight (defaults 5, 0, 0.2: docs/models/content.md)
              --user-ttl-seconds N      TTL of reco:content:*, reco:hybrid:* and profile:user:* keys (default 604800)
            """;

    /** The model's options (tags, half-life, share, blend), read the same way by the job and by scripts/eval-recs. */
    public static ContentSettings modelSettings(ParameterTool p) {
        ContentSettings m = ContentSettings.defaults();
        return new ContentSettings(
                Args.intIn(p, "profile-tags", m.profileTags(), 1, 1000),
                Args.intIn(p, "item-tags", m.itemTags(), 1, 1000),
                Math.round(Args.doubleIn(p, "half-life-days", m.halfLifeMs() / (double) ContentSettings.DAY_MS, 1e-3, 3650) * ContentSettings.DAY_MS),
                Args.doubleIn(p, "max-share", m.maxShare(), 1e-4, 1),
                Args.doubleIn(p, "hybrid-ku", m.userHalf(), 0, 1e6),
                Args.doubleIn(p, "hybrid-ki", m.itemHalf(), 0, 1e6),
                Args.doubleIn(p, "hybrid-content-weight", m.contentWeight(), 1e-3, 1));
    }

    public static ContentJobOptions fromArgs(String[] args) {
        ParameterTool p = ParameterTool.fromArgs(args);
        ContentJobSettings d = ContentJobSettings.defaults();
        ContentSettings model = modelSettings(p);
        String special = p.get("special-words", "");
        List<String> words = special.isBlank() ? List.of() : Arrays.stream(special.split(",")).map(String::strip).filter(w -> !w.isEmpty()).toList();
        ContentJobSettings settings = new ContentJobSettings(model,
                Args.intIn(p, "top-n", d.topN(), 1, 1000),
                Args.longIn(p, "refresh-delay-ms", d.refreshDelayMs(), 0, 60_000),
                (float) Args.doubleIn(p, "view-strength", d.viewStrength(), 1e-6, 1e6),
                (float) Args.doubleIn(p, "cart-strength", d.cartStrength(), 1e-6, 1e6),
                (float) Args.doubleIn(p, "purchase-strength", d.purchaseStrength(), 1e-6, 1e6),
                Args.intIn(p, "recent-items", d.recentItems(), 1, 10_000),
                Args.longIn(p, "profile-ttl-days", d.profileTtlMs() / ContentSettings.DAY_MS, 1, 3650) * ContentSettings.DAY_MS,
                words,
                Args.doubleIn(p, "repurchase-share", d.repurchaseShare(), 1e-3, 1),
                Args.intIn(p, "min-buyers", d.minBuyers(), 1, 1_000_000));
        return new ContentJobOptions(CommonOptions.from(p, JOB_NAME), settings, Args.longIn(p, "user-ttl-seconds", 7 * 86_400, 1, 90L * 86_400),
                Args.flag(p, "hybrid", true));
    }
}
