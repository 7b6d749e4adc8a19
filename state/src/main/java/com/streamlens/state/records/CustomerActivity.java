package com.streamlens.state.records;

/**
 * One customer's activity on one site (churn job, keyed state): when they came, bought and left, rings of daily and
 * weekly counters, basket and page-speed counts. Flink POJO; its serialised size stays under 600 bytes (tested),
 * whatever the customer did. The arithmetic lives in {@code operators/churn/CustomerHistory}.
 */
public class CustomerActivity {
    /** Days in the daily rings (the 7- and 30-day windows); weeks in the weekly rings (the 90-day window, the trend). */
    public static final int DAYS = 30;
    public static final int WEEKS = 13;
    public static final long NONE = Long.MIN_VALUE;

    public long firstSeen = NONE;
    public long lastEvent = NONE;
    public long lastSessionStart = NONE;
    public long firstPurchase = NONE;
    public long lastPurchase = NONE;
    /** Orders (distinct order ids; a purchase without one is an order of its own), lifetime. */
    public int orders;
    /** Hash of the last order's id: the lines of one order count once. */
    public int lastOrderHash;
    public int refunds;
    public float revenueTotal;
    /** Sessions with an add-to-cart, and those of them without a purchase; halved together past 1,000. */
    public int cartSessions;
    public int abandonedSessions;
    public boolean sessionHadCart;
    public boolean sessionBought;
    /** Page-load beacons and those over the slow limit; halved together past 1,000. */
    public int beacons;
    public int slowBeacons;

    /** Epoch day of the newest slot of the daily rings (ring index = day mod DAYS). */
    public long headDay = NONE;
    public short[] dayViews = new short[DAYS];
    public byte[] daySessions = new byte[DAYS];
    public byte[] dayOrders = new byte[DAYS];
    public float[] dayRevenue = new float[DAYS];
    /** Week number (Monday-based) of the newest slot of the weekly rings (index = week mod WEEKS). */
    public long headWeek = NONE;
    public short[] weekViews = new short[WEEKS];
    public short[] weekSessions = new short[WEEKS];
    public short[] weekOrders = new short[WEEKS];
    public float[] weekRevenue = new float[WEEKS];
    /** Event time of the pending milestone timer (2× the usual gap after the last purchase), or NONE. */
    public long milestoneAt = NONE;

    public CustomerActivity() {}
}
