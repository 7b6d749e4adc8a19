package com.streamlens.state.serde;

import com.streamlens.state.events.ClickEvent;
import com.streamlens.state.events.PageTiming;

/** Parses and validates clickstream events (schema v1). Never lets a bad payload through. */
public final class ClickEventParser extends EnvelopeParser<ClickEvent> {
    public static final int MAX_PAYLOAD_BYTES = 16 * 1024;
    static final int URL_CHARS = 2048;
    static final int TEXT_CHARS = 512;
    /** Ten minutes: a navigation-timing figure above this is a broken beacon, not a slow page. */
    static final int MAX_TIMING_MS = 600_000;

    public ClickEventParser() {
        super(ClickEvent.class, MAX_PAYLOAD_BYTES);
    }

    @Override
    void validate(ClickEvent e, long nowMs) throws InvalidEventException {
        envelope(e.schema, ClickEvent.SCHEMA_VERSION, e.eventId, e.type, e.userId, e.ts, nowMs);
        Checks.requiredId(e.siteId, "site_id");
        Checks.requiredId(e.sessionId, "session_id");
        Checks.maxChars(e.itemId, Checks.ID_CHARS, "item_id");
        Checks.position(e.lat, e.lon);
        Checks.maxChars(e.ip, 45, "ip");
        Checks.maxChars(e.url, URL_CHARS, "url");
        Checks.maxChars(e.referrer, URL_CHARS, "referrer");
        Checks.maxChars(e.title, TEXT_CHARS, "title");
        Checks.maxChars(e.h1, TEXT_CHARS, "h1");
        Checks.maxChars(e.currency, 8, "currency");
        Checks.maxChars(e.orderId, Checks.ID_CHARS, "order_id");
        Checks.maxChars(e.experiment, Checks.ID_CHARS, "experiment");
        Checks.maxChars(e.variant, Checks.ID_CHARS, "variant");
        Checks.maxChars(e.goal, Checks.ID_CHARS, "goal");
        Checks.range(e.quantity, 1, 10_000, "quantity");
        Checks.range(e.price, 0, 1e9, "price");
        Checks.range(e.revenue, 0, 1e9, "revenue");
        Checks.maxChars(e.userAgent, TEXT_CHARS, "user_agent");
        screen(e.screen);
        switch (e.type) {
            case PAGE_VIEW -> Checks.required(e.url, "url");
            case ADD_TO_CART, PURCHASE, REFUND -> Checks.required(e.itemId, "item_id");
            case PAGE_TIMING -> timing(e.timing);
            case AB_EXPOSURE -> {
                Checks.required(e.experiment, "experiment");
                Checks.required(e.variant, "variant");
            }
            case CONVERSION -> Checks.required(e.goal, "goal");
        }
    }

    /** "WxH", each side 1..100000 CSS pixels. */
    private static void screen(String screen) throws InvalidEventException {
        if (screen == null) return;
        int x = screen.indexOf('x');
        if (screen.length() > 13 || x <= 0 || x == screen.length() - 1 || !digits(screen, 0, x) || !digits(screen, x + 1, screen.length())) {
            throw new InvalidEventException("invalid value for field 'screen': must be WxH in pixels, got '" + screen + "'");
        }
        int w = Integer.parseInt(screen, 0, x, 10);
        int h = Integer.parseInt(screen, x + 1, screen.length(), 10);
        if (w < 1 || h < 1 || w > 100_000 || h > 100_000) {
            throw new InvalidEventException("out of range field 'screen': " + screen);
        }
    }

    private static boolean digits(String s, int from, int to) {
        if (to - from > 6) return false;
        for (int i = from; i < to; i++) if (s.charAt(i) < '0' || s.charAt(i) > '9') return false;
        return true;
    }

    private static void timing(PageTiming t) throws InvalidEventException {
        Checks.required(t, "timing");
        Checks.required(t.loadMs, "timing.load_ms");
        Checks.range(t.loadMs, 0, MAX_TIMING_MS, "timing.load_ms");
        Checks.range(t.dnsMs, 0, MAX_TIMING_MS, "timing.dns_ms");
        Checks.range(t.connectMs, 0, MAX_TIMING_MS, "timing.connect_ms");
        Checks.range(t.ttfbMs, 0, MAX_TIMING_MS, "timing.ttfb_ms");
        Checks.range(t.domContentLoadedMs, 0, MAX_TIMING_MS, "timing.dom_content_loaded_ms");
    }
}
