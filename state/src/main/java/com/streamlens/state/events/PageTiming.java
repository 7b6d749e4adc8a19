package com.streamlens.state.events;

/**
 * Navigation-timing figures of one page load, in milliseconds from navigation start (W3C Navigation
 * Timing names). {@code loadMs} (loadEventEnd) is the page-load time every speed figure uses.
 */
public class PageTiming {
    public Integer dnsMs;
    public Integer connectMs;
    public Integer ttfbMs;
    public Integer domContentLoadedMs;
    public Integer loadMs;

    public PageTiming() {}

    public PageTiming(Integer dnsMs, Integer connectMs, Integer ttfbMs, Integer domContentLoadedMs, Integer loadMs) {
        this.dnsMs = dnsMs;
        this.connectMs = connectMs;
        this.ttfbMs = ttfbMs;
        this.domContentLoadedMs = domContentLoadedMs;
        this.loadMs = loadMs;
    }
}
