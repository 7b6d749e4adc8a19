package com.streamlens.tools.generator;

import com.streamlens.state.events.ClickEvent;
import com.streamlens.state.events.ClickType;
import com.streamlens.state.events.PageTiming;
import java.util.SplittableRandom;

/**
 * Realistic synthetic clickstream: visitors living around real cities, browsing stores in sessions,
 * page-load times log-normal with a slow tail, an A/B experiment with a real lift and an A/A one.
 * Deterministic for a seed, so tests and benchmarks can replay it.
 */
public final class ClickstreamGenerator {

    public static final String RECO_EXPERIMENT = "exp-reco-widget";
    public static final String AA_EXPERIMENT = "exp-aa-checkout";
    /** True relative lift of purchases per user in RECO_EXPERIMENT's treatment. */
    public static final double RECO_TRUE_LIFT = 0.20;
    private static final double PURCHASE_SHARE = 0.03;

    private final SplittableRandom rnd;
    private final int sites;
    private final int users;
    private final int items;
    /** Each site's own speed: some stores are simply slower. */
    private final double[] siteSpeedFactor;
    private long seq;
    /** Null: every user keeps visiting (the default, and what the benchmarks replay). */
    private CustomerLifecycles lifecycles;

    public ClickstreamGenerator(long seed, int sites, int users, int items) {
        this.rnd = new SplittableRandom(seed);
        this.sites = sites;
        this.users = users;
        this.items = items;
        this.siteSpeedFactor = new double[sites];
        for (int s = 0; s < sites; s++) siteSpeedFactor[s] = 0.6 + 0.9 * rnd.nextDouble();
    }

    /** From now on users follow life cycles: some fade out, some leave (their events go to the users still around). */
    public ClickstreamGenerator withLifecycles(CustomerLifecycles lifecycles) {
        this.lifecycles = lifecycles;
        return this;
    }

    /** The next event, stamped with {@code ts} (epoch ms). */
    public ClickEvent next(long ts) {
        int user = zipf(users);
        for (int tries = 0; lifecycles != null && tries < 50 && rnd.nextDouble() >= lifecycles.activity(user, ts); tries++) user = zipf(users);
        int site = user % sites;
        ClickEvent e = new ClickEvent();
        e.schema = ClickEvent.SCHEMA_VERSION;
        e.eventId = Long.toHexString(rnd.nextLong()) + Long.toHexString(seq++);
        e.siteId = "shop-" + site;
        e.userId = "u" + user;
        e.sessionId = "s" + user + "-" + (ts / 1_800_000);
        e.ts = ts;
        place(e, user);
        // A visitor's browser, as its page script reports it (fixed per visitor; no random draw, so seeds replay as before).
        e.userAgent = BotTraffic.browser(user);
        e.screen = BotTraffic.screen(user);
        e.js = true;
        double r = rnd.nextDouble();
        int item = zipf(items);
        // The known truth of the demo experiments: exp-reco-widget's treatment buys 20% more often
        // (3.6% of events instead of 3%); exp-aa-checkout changes nothing (an A/A test).
        // The extra purchases replace page views, so exposure rates (and the sample ratio) stay equal.
        double extra = recoTreatment(user) ? PURCHASE_SHARE * RECO_TRUE_LIFT : 0;
        // A page's timing beacon comes with its view (as many beacons as views, as a site's script sends them).
        double viewEnd = 0.40 - extra;
        if (r < viewEnd) {
            e.type = ClickType.PAGE_VIEW;
            e.itemId = "i" + item;
            String title = title(item);
            e.url = "https://" + e.siteId + ".example/item/" + item;
            e.title = title + " | " + e.siteId;
            e.h1 = title;
        } else if (r < viewEnd + 0.40) {
            e.type = ClickType.PAGE_TIMING;
            e.url = "https://" + e.siteId + ".example/item/" + item;
            e.timing = timing(site);
        } else if (r < viewEnd + 0.50) {
            e.type = ClickType.ADD_TO_CART;
            e.itemId = "i" + item;
            e.quantity = 1 + (rnd.nextDouble() < 0.15 ? rnd.nextInt(3) : 0);
            e.price = price(item);
            e.currency = "EUR";
        } else if (r < 0.93) {
            e.type = ClickType.PURCHASE;
            e.itemId = "i" + item;
            e.quantity = 1;
            e.price = price(item);
            e.revenue = e.price;
            e.currency = "EUR";
            e.orderId = "o" + Long.toHexString(rnd.nextLong());
        } else if (r < 0.97) {
            e.type = ClickType.AB_EXPOSURE;
            e.experiment = (user & 1) == 1 ? AA_EXPERIMENT : RECO_EXPERIMENT;
            e.variant = variantOf(user);
        } else {
            e.type = ClickType.CONVERSION;
            e.goal = "checkout";
            e.revenue = price(item);
        }
        return e;
    }

    /** Users alternate between the two experiments; the variant is a stable hash of the user (50/50). */
    static String variantOf(int user) {
        return (Long.hashCode(user * 0x9E3779B97F4A7C15L) & 1) == 0 ? "control" : "treatment";
    }

    private static boolean recoTreatment(int user) {
        return (user & 1) == 0 && variantOf(user).equals("treatment");
    }

    /** 90% of events carry a browser position near the visitor's city, the rest only an IP. */
    private void place(ClickEvent e, int user) {
        SplittableRandom home = new SplittableRandom(user * 31L + 7);
        Cities.City city = Cities.pick(home.nextDouble());
        if (rnd.nextDouble() < 0.9) {
            // ~15 km spread around the city centre, a bit further out for some suburbs.
            double spread = home.nextDouble() < 0.8 ? 0.12 : 0.35;
            e.lat = clamp(city.lat() + gaussian() * spread, -90, 90);
            e.lon = clamp(city.lon() + gaussian() * spread, -180, 180);
        } else {
            e.ip = "10." + (user >>> 16 & 255) + "." + (user >>> 8 & 255) + "." + (user & 255);
        }
    }

    /** Log-normal around ~1.2 s times the site's factor, with 4% of loads hitting a slow path (3–8× longer). */
    private PageTiming timing(int site) {
        double load = Math.exp(Math.log(1200) + 0.45 * gaussian()) * siteSpeedFactor[site];
        if (rnd.nextDouble() < 0.04) load *= 3 + 5 * rnd.nextDouble();
        int loadMs = (int) Math.min(load, 120_000);
        int ttfb = (int) (loadMs * (0.15 + 0.1 * rnd.nextDouble()));
        return new PageTiming((int) (5 + 40 * rnd.nextDouble()), (int) (10 + 60 * rnd.nextDouble()), ttfb,
                (int) (loadMs * 0.7), loadMs);
    }

    private double price(int item) {
        return Math.round((5 + (item * 7919L % 300)) * 100) / 100.0 + 0.99;
    }

    private static String title(int item) {
        return Catalogue.title(item);
    }

    /** Zipf-like skew (a few popular users/items, a long tail) by inverse-power sampling. */
    private int zipf(int n) {
        return (int) Math.min(n - 1, Math.floor(n * Math.pow(rnd.nextDouble(), 2.2)));
    }

    private double gaussian() {
        double u = Math.max(rnd.nextDouble(), 1e-12);
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rnd.nextDouble());
    }

    private static double clamp(double v, double lo, double hi) {
        return Math.max(lo, Math.min(hi, v));
    }
}
