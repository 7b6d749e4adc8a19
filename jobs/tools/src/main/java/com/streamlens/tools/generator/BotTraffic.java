package com.streamlens.tools.generator;

import com.streamlens.state.events.ClickEvent;
import com.streamlens.state.events.ClickType;
import com.streamlens.state.events.MailEvent;
import com.streamlens.state.events.MailType;
import com.streamlens.state.events.PageTiming;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Visitors in sessions, people and six kinds of bots, with known ground truth for the antibot's evaluation. The truth
 * ({@link #labels}) never enters the events. Deterministic for a seed. What each kind does is documented in
 * docs/jobs/antibot.md; in short:
 * <ul>
 *   <li>human: sessions on one or two days, log-normal reading gaps (median 15 s), a timing beacon after most page
 *       views, carts and some purchases, a home IP (some behind a shared office NAT), occasional logins with typos;</li>
 *   <li>scraper: hundreds of views a few seconds apart with little jitter, no script, no beacons, no carts, datacenter IPs;</li>
 *   <li>headless: a person's pacing from a headless browser: navigator.webdriver set, or no script beacons;</li>
 *   <li>click_fraud: bursts of views on one item;</li>
 *   <li>credential_stuffing: logins over many accounts from few IPs, mostly failing (the accounts are labelled);</li>
 *   <li>registration_farm: registrations from one /24 (the new accounts are labelled);</li>
 *   <li>advanced: human-like random pacing with beacons, a real browser's hints, through a residential proxy pool.</li>
 * </ul>
 */
public final class BotTraffic {
    public static final String HUMAN = "human";
    public static final List<String> BOT_TYPES =
            List.of("scraper", "headless", "click_fraud", "credential_stuffing", "registration_farm", "advanced");

    /** How many of each kind (bots per kind; stuffing and farms count attacks). */
    public record Mix(int humans, int scrapers, int headless, int clickFraud, int stuffingAttacks, int registrationFarms, int advanced) {
        public static Mix defaults() {
            return new Mix(3000, 60, 60, 40, 3, 2, 60);
        }

        /**
         * A mix from "humans=3000,scraper=60,headless=60,click_fraud=40,credential_stuffing=3,registration_farm=2,advanced=60"
         * (attacks for credential_stuffing and registration_farm); kinds left out keep their default.
         */
        public static Mix parse(String spec) {
            Map<String, Integer> n = new LinkedHashMap<>();
            Mix d = defaults();
            n.put(HUMAN + "s", d.humans());
            n.put("scraper", d.scrapers());
            n.put("headless", d.headless());
            n.put("click_fraud", d.clickFraud());
            n.put("credential_stuffing", d.stuffingAttacks());
            n.put("registration_farm", d.registrationFarms());
            n.put("advanced", d.advanced());
            for (String part : spec.split(",")) {
                if (part.isBlank()) continue;
                String[] kv = part.split("=", -1);
                if (kv.length != 2 || !n.containsKey(kv[0].trim())) {
                    throw new IllegalArgumentException("--mix: expected kind=count with kind one of " + n.keySet() + ", got '" + part + "'");
                }
                try {
                    int v = Integer.parseInt(kv[1].trim());
                    if (v < 0 || v > 10_000_000) throw new NumberFormatException();
                    n.put(kv[0].trim(), v);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("--mix: the count of " + kv[0].trim() + " must be 0..10000000, got '" + kv[1] + "'");
                }
            }
            return new Mix(n.get("humans"), n.get("scraper"), n.get("headless"), n.get("click_fraud"), n.get("credential_stuffing"),
                    n.get("registration_farm"), n.get("advanced"));
        }

        /** The same bots without people (the live generator brings its own). */
        public Mix botsOnly() {
            return new Mix(0, scrapers, headless, clickFraud, stuffingAttacks, registrationFarms, advanced);
        }

        public Mix scaled(double f) {
            return new Mix((int) Math.ceil(humans * f), (int) Math.ceil(scrapers * f), (int) Math.ceil(headless * f),
                    (int) Math.ceil(clickFraud * f), (int) Math.ceil(stuffingAttacks * f), (int) Math.ceil(registrationFarms * f),
                    (int) Math.ceil(advanced * f));
        }
    }

    private static final String[] BROWSERS = {
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
            "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_6) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15",
            "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0",
            "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1",
            "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36"};
    private static final String[] SCREENS = {"1920x1080", "1536x864", "1440x900", "2560x1440", "390x844", "412x915", "1366x768"};
    private static final String[] SCRIPTED = {"python-requests/2.32.3", "Scrapy/2.11.2 (+https://scrapy.org)", "curl/8.5.0",
            "Go-http-client/2.0"};
    private static final String HEADLESS = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/131.0.0.0 Safari/537.36";

    /** A real browser's user agent, picked by {@code who}. */
    public static String browser(int who) {
        return BROWSERS[Math.floorMod(who * 31 + 7, BROWSERS.length)];
    }

    /** A common screen size, picked by {@code who}. */
    public static String screen(int who) {
        return SCREENS[Math.floorMod(who * 17 + 3, SCREENS.length)];
    }

    private final SplittableRandom rnd;
    private final long start;
    private final long span;
    private final int items;
    private final List<ClickEvent> clicks = new ArrayList<>();
    private final List<MailEvent> mails = new ArrayList<>();
    private final Map<String, String> labels = new LinkedHashMap<>();
    private long seq;

    /** Traffic of {@code mix} over {@code days} days from {@code start} (epoch ms). */
    public BotTraffic(long seed, long start, int days, int items, Mix mix) {
        this.rnd = new SplittableRandom(seed);
        this.start = start;
        this.span = days * 86_400_000L;
        this.items = items;
        String tag = Long.toString(seed, 36);
        for (int i = 0; i < mix.humans(); i++) human("h" + tag + "-" + i, i);
        for (int i = 0; i < mix.scrapers(); i++) scraper("b" + tag + "-sc" + i);
        for (int i = 0; i < mix.headless(); i++) headless("b" + tag + "-hl" + i);
        for (int i = 0; i < mix.clickFraud(); i++) clickFraud("b" + tag + "-cf" + i);
        for (int i = 0; i < mix.stuffingAttacks(); i++) credentialStuffing("b" + tag + "-cs" + i);
        for (int i = 0; i < mix.registrationFarms(); i++) registrationFarm("b" + tag + "-rf" + i, i);
        for (int i = 0; i < mix.advanced(); i++) advanced("b" + tag + "-adv" + i);
        clicks.sort(Comparator.comparingLong(e -> e.ts));
        mails.sort(Comparator.comparingLong(e -> e.ts));
    }

    /** Clickstream events in event-time order. */
    public List<ClickEvent> clicks() {
        return clicks;
    }

    /** Logins and registrations in event-time order. */
    public List<MailEvent> mails() {
        return mails;
    }

    /** user_id → human or a bot type: the truth, for evaluation only. */
    public Map<String, String> labels() {
        return labels;
    }

    private void human(String user, int i) {
        labels.put(user, HUMAN);
        // One in twenty sits behind a shared office NAT with others.
        String ip = rnd.nextDouble() < 0.05 ? "100.70.0." + (i % 7) : "100.64." + (i >>> 8 & 255) + "." + (i & 255);
        String ua = BROWSERS[rnd.nextInt(BROWSERS.length)];
        String screen = SCREENS[rnd.nextInt(SCREENS.length)];
        int sessions = 1 + (rnd.nextDouble() < 0.4 ? 1 + rnd.nextInt(3) : 0);
        for (int s = 0; s < sessions; s++) {
            long t = daytime();
            Client c = new Client(user, "s-" + user + "-" + s, ip, ua, screen, true, null);
            int views = 2 + (int) Math.floor(-Math.log(1 - rnd.nextDouble()) * 9);
            browse(c, t, views, () -> logNormal(15_000, 1.0), 0.93, 0.25, 0.35, false);
            if (rnd.nextDouble() < 0.3) login(user, ip, ua, t - 30_000, rnd.nextDouble() < 0.08);
        }
        if (rnd.nextDouble() < 0.02) registration(user, ip, ua, daytime());
    }

    private void scraper(String user) {
        labels.put(user, "scraper");
        String ip = "198.18.0." + rnd.nextInt(20);
        String ua = rnd.nextBoolean() ? SCRIPTED[rnd.nextInt(SCRIPTED.length)] : BROWSERS[rnd.nextInt(BROWSERS.length)];
        double base = 1_000 + rnd.nextDouble() * 7_000;
        double jitter = 0.05 + rnd.nextDouble() * 0.4;
        int sessions = 1 + rnd.nextInt(3);
        for (int s = 0; s < sessions; s++) {
            Client c = new Client(user, "s-" + user + "-" + s, ip, ua, null, null, null);
            browse(c, anytime(), 50 + rnd.nextInt(250), () -> base * Math.max(0.05, 1 + jitter * rnd.nextGaussian()), 0, 0, 0, false);
        }
    }

    private void headless(String user) {
        labels.put(user, "headless");
        String ip = "198.19." + rnd.nextInt(4) + "." + rnd.nextInt(40);
        boolean webdriver = rnd.nextDouble() < 0.6;
        String ua = rnd.nextBoolean() ? HEADLESS : BROWSERS[rnd.nextInt(BROWSERS.length)];
        int sessions = 1 + rnd.nextInt(2);
        for (int s = 0; s < sessions; s++) {
            Client c = new Client(user, "s-" + user + "-" + s, ip, ua, "800x600", webdriver ? Boolean.TRUE : Boolean.FALSE, webdriver ? Boolean.TRUE : null);
            browse(c, anytime(), 4 + rnd.nextInt(20), () -> logNormal(12_000, 0.8), webdriver ? 0.9 : 0, 0.5, 0.05, false);
        }
    }

    private void clickFraud(String user) {
        labels.put(user, "click_fraud");
        String ip = "203.0.113." + rnd.nextInt(10);
        boolean script = rnd.nextBoolean();
        String ua = BROWSERS[rnd.nextInt(BROWSERS.length)];
        int sessions = 2 + rnd.nextInt(4);
        for (int s = 0; s < sessions; s++) {
            Client c = new Client(user, "s-" + user + "-" + s, ip, ua, script ? SCREENS[rnd.nextInt(SCREENS.length)] : null, script ? Boolean.TRUE : null, null);
            browse(c, anytime(), 20 + rnd.nextInt(40), () -> 200 + rnd.nextDouble() * 900, script ? 0.8 : 0, 0, 0, true);
        }
    }

    private void credentialStuffing(String attack) {
        String[] ips = new String[1 + rnd.nextInt(3)];
        for (int k = 0; k < ips.length; k++) ips[k] = "192.0.2." + rnd.nextInt(250);
        long t = anytime();
        for (int a = 0; a < 200; a++) {
            String account = attack + "-acct" + a;
            labels.put(account, "credential_stuffing");
            int tries = 1 + (rnd.nextDouble() < 0.3 ? rnd.nextInt(6) : 0);
            for (int k = 0; k < tries; k++) {
                t += (long) (500 + rnd.nextDouble() * 2_500);
                mails.add(mail(MailType.LOGIN, account, ips[rnd.nextInt(ips.length)], SCRIPTED[0], t, rnd.nextDouble() >= 0.95));
            }
        }
    }

    private void registrationFarm(String farm, int i) {
        String net = "198.51." + (100 + i) + ".";
        long t = anytime();
        for (int a = 0; a < 100; a++) {
            String account = farm + "-new" + a;
            labels.put(account, "registration_farm");
            t += (long) (5_000 + rnd.nextDouble() * 55_000);
            registration(account, net + rnd.nextInt(250), BROWSERS[rnd.nextInt(BROWSERS.length)], t);
        }
    }

    private void advanced(String user) {
        labels.put(user, "advanced");
        String ip = "100.100." + rnd.nextInt(2) + "." + rnd.nextInt(20);
        String ua = BROWSERS[rnd.nextInt(BROWSERS.length)];
        String screen = SCREENS[rnd.nextInt(SCREENS.length)];
        int sessions = 1 + rnd.nextInt(3);
        for (int s = 0; s < sessions; s++) {
            Client c = new Client(user, "s-" + user + "-" + s, ip, ua, screen, true, null);
            browse(c, anytime(), 8 + rnd.nextInt(30), () -> logNormal(9_000, 0.9), 0.9, 0.15, 0, false);
        }
    }

    /** One client's identity and client hints. */
    private record Client(String user, String session, String ip, String ua, String screen, Boolean js, Boolean webdriver) {}

    private void browse(Client c, long t, int views, java.util.function.DoubleSupplier gapMs, double beaconShare, double cartShare,
                        double purchaseShare, boolean oneItem) {
        int item = rnd.nextInt(items);
        boolean carted = false;
        for (int v = 0; v < views; v++) {
            if (!oneItem) item = rnd.nextInt(items);
            ClickEvent view = event(c, ClickType.PAGE_VIEW, t);
            view.itemId = "i" + item;
            view.url = "https://shop-1.example/item/" + item;
            view.title = Catalogue.title(item);
            if (v == 0 && c.js() != null && rnd.nextDouble() < 0.6) view.referrer = "https://search.example/?q=" + item;
            clicks.add(view);
            if (rnd.nextDouble() < beaconShare) {
                ClickEvent beacon = event(c, ClickType.PAGE_TIMING, t + 300 + (long) logNormal(900, 0.5));
                beacon.url = view.url;
                int load = (int) Math.min(120_000, logNormal(1_200, 0.45));
                beacon.timing = new PageTiming(20, 40, load / 5, (int) (load * 0.7), load);
                clicks.add(beacon);
            }
            if (rnd.nextDouble() < cartShare / Math.max(1, views / 4.0)) {
                ClickEvent cart = event(c, ClickType.ADD_TO_CART, t + 2_000 + (long) (rnd.nextDouble() * 8_000));
                cart.itemId = "i" + item;
                cart.quantity = 1;
                clicks.add(cart);
                carted = true;
            }
            t += (long) Math.max(50, gapMs.getAsDouble());
        }
        if (carted && rnd.nextDouble() < purchaseShare) {
            ClickEvent buy = event(c, ClickType.PURCHASE, t + 5_000);
            buy.itemId = "i" + item;
            buy.quantity = 1;
            buy.price = 19.99;
            buy.revenue = 19.99;
            buy.currency = "EUR";
            clicks.add(buy);
        }
    }

    private ClickEvent event(Client c, ClickType type, long ts) {
        ClickEvent e = new ClickEvent();
        e.schema = ClickEvent.SCHEMA_VERSION;
        e.eventId = "ev" + Long.toString(seq++, 36) + "-" + Long.toHexString(rnd.nextLong() & 0xffffff);
        e.type = type;
        e.siteId = "shop-1";
        e.userId = c.user();
        e.sessionId = c.session();
        e.ts = ts;
        e.ip = c.ip();
        e.userAgent = c.ua();
        e.screen = c.js() != null ? c.screen() : null;
        e.js = c.js();
        e.webdriver = c.webdriver();
        return e;
    }

    /** A person's login: a typo first sometimes, then the right password. */
    private void login(String user, String ip, String ua, long ts, boolean fails) {
        if (fails) mails.add(mail(MailType.LOGIN, user, ip, ua, ts, false));
        mails.add(mail(MailType.LOGIN, user, ip, ua, ts + (fails ? 15_000 : 0), true));
    }

    private void registration(String user, String ip, String ua, long ts) {
        mails.add(mail(MailType.REGISTRATION, user, ip, ua, ts, null));
    }

    private MailEvent mail(MailType type, String user, String ip, String ua, long ts, Boolean success) {
        MailEvent m = new MailEvent();
        m.schema = MailEvent.SCHEMA_VERSION;
        m.eventId = "m" + Long.toString(seq++, 36);
        m.type = type;
        m.userId = user;
        m.ts = ts;
        m.ip = ip;
        m.userAgent = ua;
        m.success = success;
        return m;
    }

    /** A start time weighted to the day (people browse less at night). */
    private long daytime() {
        long day = (long) (rnd.nextDouble() * (span / 86_400_000L)) * 86_400_000L;
        double hour = rnd.nextDouble() < 0.9 ? 8 + rnd.nextDouble() * 15 : rnd.nextDouble() * 8;
        return start + day + (long) (hour * 3_600_000);
    }

    private long anytime() {
        return start + (long) (rnd.nextDouble() * (span - 6 * 3_600_000L));
    }

    private double logNormal(double median, double sigma) {
        return median * Math.exp(sigma * rnd.nextGaussian());
    }
}
