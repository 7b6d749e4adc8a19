package com.streamlens.state.records;

/**
 * What the antibot keeps about one open session (keyed by "site|session"): counts, inter-arrival moments, client hints.
 * Lives from the session's first event until its gap timer fires (or its length cap), then it is scored and cleared.
 * About 300 bytes plus the distinct item and URL hashes (at most 64 each).
 */
public class SessionActivity {
    public String siteId;
    public String userId;
    public String sessionId;
    public String ip;
    public String userAgent;
    public String screen;
    public long firstTs;
    public long lastTs;
    /** When the gap timer is set to fire; 0 when none is. */
    public long timerAt;
    public int events;
    public int pageViews;
    public int beacons;
    public int carts;
    public int purchases;
    public int referred;
    public int nightEvents;
    public int webdriverEvents;
    public int scriptEvents;
    public int noScriptEvents;
    /** Inter-arrival gaps in seconds: count, running mean and sum of squared deviations (Welford). */
    public int gaps;
    public double gapMean;
    public double gapM2;
    /** Current and longest run of events less than a second apart. */
    public int burst;
    public int longestBurst;
    /** Distinct item and URL hashes, capped (a count at the cap means "at least"). */
    public int[] itemHashes = new int[0];
    public int[] urlHashes = new int[0];
    public boolean earlyScored;

    public SessionActivity() {}
}
