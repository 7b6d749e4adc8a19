package com.streamlens.operators.antibot;

import com.streamlens.state.events.ClickEvent;
import com.streamlens.state.events.ClickType;
import com.streamlens.state.records.SessionActivity;
import java.util.Arrays;
import java.util.List;

/**
 * A session's features: how {@link SessionActivity} takes in one click, and the vector the session model reads
 * ({@link #NAMES}, in order). Counts enter as log(1 + x) and shares stay in [0, 1], so the trainer's standardisation
 * has little left to do.
 */
public final class SessionFeatures {
    /** Distinct item and URL hashes kept per session; a session at the cap has at least this many. */
    static final int DISTINCT_CAP = 64;
    /** Consecutive events closer than this form a burst. */
    static final long BURST_GAP_MS = 1_000;

    public static final List<String> NAMES = List.of(
            "log_events", "log_duration_s", "log_gap_mean_s", "log_gap_sd_s", "gap_cv", "log_longest_burst",
            "night_share", "beacon_share", "distinct_item_share", "distinct_url_share", "referrer_share",
            "log_carts", "log_purchases", "ua_missing", "ua_automation", "webdriver_share", "script_share",
            "no_script_share", "screen_missing", "screen_unusual",
            "signal_pageview_burst", "signal_metronome", "signal_blind_buy");
    /** Where the CEP signal counts sit in the vector (filled in after the patterns ran). */
    public static final int SIGNALS_AT = NAMES.indexOf("signal_pageview_burst");
    public static final int BEACON_SHARE = NAMES.indexOf("beacon_share");
    public static final int WEBDRIVER_SHARE = NAMES.indexOf("webdriver_share");
    public static final int NO_SCRIPT_SHARE = NAMES.indexOf("no_script_share");
    public static final int SCRIPT_SHARE = NAMES.indexOf("script_share");
    public static final int LOG_PURCHASES = NAMES.indexOf("log_purchases");
    public static final int LOG_EVENTS = NAMES.indexOf("log_events");
    public static final int UA_AUTOMATION = NAMES.indexOf("ua_automation");

    private SessionFeatures() {}

    /** Opens a session's activity with its first click. */
    public static SessionActivity open(ClickEvent e) {
        SessionActivity a = new SessionActivity();
        a.siteId = e.siteId;
        a.userId = e.userId;
        a.sessionId = e.sessionId;
        a.firstTs = e.ts;
        a.lastTs = e.ts;
        return a;
    }

    /** Takes in one click (in arrival order; an out-of-order one counts as a zero gap). */
    public static void add(SessionActivity a, ClickEvent e) {
        if (a.events > 0) {
            long gapMs = Math.max(0, e.ts - a.lastTs);
            // Welford's running mean and squared deviations of the gaps (Knuth, TAOCP 2, 4.2.2).
            double gap = gapMs / 1000.0;
            a.gaps++;
            double delta = gap - a.gapMean;
            a.gapMean += delta / a.gaps;
            a.gapM2 += delta * (gap - a.gapMean);
            a.burst = gapMs < BURST_GAP_MS ? a.burst + 1 : 0;
            a.longestBurst = Math.max(a.longestBurst, a.burst + 1);
        } else {
            a.longestBurst = 1;
        }
        a.events++;
        a.lastTs = Math.max(a.lastTs, e.ts);
        a.firstTs = Math.min(a.firstTs, e.ts);
        if (e.ip != null) a.ip = e.ip;
        if (e.userAgent != null) a.userAgent = e.userAgent;
        if (e.screen != null) a.screen = e.screen;
        if (hourUtc(e.ts) < 6) a.nightEvents++;
        if (Boolean.TRUE.equals(e.webdriver)) a.webdriverEvents++;
        if (Boolean.TRUE.equals(e.js)) a.scriptEvents++;
        if (Boolean.FALSE.equals(e.js)) a.noScriptEvents++;
        if (e.type == ClickType.PAGE_VIEW) {
            a.pageViews++;
            if (e.referrer != null && !e.referrer.isEmpty()) a.referred++;
            if (e.url != null) a.urlHashes = addDistinct(a.urlHashes, e.url.hashCode());
        } else if (e.type == ClickType.PAGE_TIMING) {
            a.beacons++;
        } else if (e.type == ClickType.ADD_TO_CART) {
            a.carts++;
        } else if (e.type == ClickType.PURCHASE) {
            a.purchases++;
        }
        if (e.itemId != null) a.itemHashes = addDistinct(a.itemHashes, e.itemId.hashCode());
    }

    /** The model's input, signal counts zero (see {@link #SIGNALS_AT}). */
    public static float[] vector(SessionActivity a) {
        float[] x = new float[NAMES.size()];
        int i = 0;
        double sd = a.gaps > 1 ? Math.sqrt(a.gapM2 / (a.gaps - 1)) : 0;
        double events = Math.max(1, a.events);
        int views = Math.max(1, a.pageViews);
        x[i++] = log1p(a.events);
        x[i++] = log1p((a.lastTs - a.firstTs) / 1000.0);
        x[i++] = log1p(a.gapMean);
        x[i++] = log1p(sd);
        x[i++] = (float) (a.gaps > 1 && a.gapMean > 0 ? Math.min(5, sd / a.gapMean) : 1); // no gaps yet: a Poisson visitor's CV
        x[i++] = log1p(a.longestBurst);
        x[i++] = (float) (a.nightEvents / events);
        x[i++] = (float) Math.min(2, a.beacons / (double) views);
        int interactions = Math.max(1, a.pageViews + a.carts + a.purchases);
        x[i++] = (float) Math.min(1, a.itemHashes.length / (double) interactions);
        x[i++] = (float) Math.min(1, a.urlHashes.length / (double) views);
        x[i++] = (float) (a.referred / (double) views);
        x[i++] = log1p(a.carts);
        x[i++] = log1p(a.purchases);
        x[i++] = a.userAgent == null ? 1 : 0;
        x[i++] = UserAgents.automated(a.userAgent) ? 1 : 0;
        x[i++] = (float) (a.webdriverEvents / events);
        x[i++] = (float) (a.scriptEvents / events);
        x[i++] = (float) (a.noScriptEvents / events);
        x[i++] = a.screen == null ? 1 : 0;
        x[i++] = UserAgents.unusualScreen(a.screen) ? 1 : 0;
        return x;
    }

    /** Adds a signal count of the pattern at {@code offset} past {@link #SIGNALS_AT}, as log(1 + count). */
    public static void setSignals(float[] x, int[] counts) {
        for (int k = 0; k < counts.length; k++) x[SIGNALS_AT + k] = log1p(counts[k]);
    }

    static int hourUtc(long ts) {
        return (int) Math.floorMod(ts / 3_600_000L, 24L);
    }

    private static float log1p(double v) {
        return (float) Math.log1p(Math.max(0, v));
    }

    /** Inserts {@code h} into the sorted set {@code set} unless present or at the cap. */
    static int[] addDistinct(int[] set, int h) {
        if (set.length >= DISTINCT_CAP) return set;
        int at = Arrays.binarySearch(set, h);
        if (at >= 0) return set;
        int ins = -at - 1;
        int[] out = new int[set.length + 1];
        System.arraycopy(set, 0, out, 0, ins);
        out[ins] = h;
        System.arraycopy(set, ins, out, ins + 1, set.length - ins);
        return out;
    }
}
