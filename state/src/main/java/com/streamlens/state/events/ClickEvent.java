package com.streamlens.state.events;

/**
 * One clickstream event (topic {@code clickstream}, schema v1; fields documented in README). A Flink
 * POJO: public fields, nullable boxes for optional values, snake_case on the wire.
 */
public class ClickEvent {
    public static final int SCHEMA_VERSION = 1;

    public int schema;
    public String eventId;
    public ClickType type;
    public String siteId;
    public String userId;
    public String sessionId;
    /** Epoch milliseconds of the event at the visitor's browser (event time). */
    public long ts;

    public String itemId;
    public Double lat;
    public Double lon;
    public String ip;

    // page_view
    public String url;
    public String title;
    public String h1;
    public String referrer;

    // add_to_cart / purchase / conversion
    public Integer quantity;
    public Double price;
    public Double revenue;
    public String currency;
    public String orderId;

    // page_timing
    public PageTiming timing;

    // ab_exposure (and conversion, to name its goal)
    public String experiment;
    public String variant;
    public String goal;

    // optional on every type (antibot): the browser's user agent and the client hints a site's script sends
    public String userAgent;
    /** navigator.webdriver as the page's script read it. */
    public Boolean webdriver;
    /** Screen size "WxH" in CSS pixels. */
    public String screen;
    /** Whether the event came from the page's script (false or absent: a server-side or scripted client). */
    public Boolean js;

    public ClickEvent() {}

    public boolean hasPosition() {
        return lat != null && lon != null;
    }

    /** Page-load time in ms of a page_timing event, or -1 if this event carries none. */
    public int loadMsOrNegative() {
        return type == ClickType.PAGE_TIMING && timing != null && timing.loadMs != null ? timing.loadMs : -1;
    }
}
