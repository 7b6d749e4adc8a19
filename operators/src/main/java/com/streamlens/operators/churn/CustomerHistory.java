package com.streamlens.operators.churn;

import com.streamlens.state.events.ClickEvent;
import com.streamlens.state.events.MailEvent;
import com.streamlens.state.events.MailType;
import com.streamlens.state.records.AccountActivity;
import com.streamlens.state.records.CustomerActivity;
import java.util.function.IntConsumer;

/**
 * Folds a customer's events into their {@link CustomerActivity}: the one place both the Flink operator and the
 * trainer's snapshots update it, so both compute the same features. Rings move forward with the newest event; an event
 * older than a ring still counts in the lifetime figures.
 */
public final class CustomerHistory {
    static final long DAY = 86_400_000L;
    /** Counts past this are halved together, so shares keep following recent behaviour. */
    private static final int HALVE_AT = 1_000;
    /** Half-life of the decayed mail counts. */
    static final double MAIL_HALF_LIFE_DAYS = 30;

    private CustomerHistory() {}

    /** Epoch day of an instant. */
    static long day(long ts) {
        return Math.floorDiv(ts, DAY);
    }

    /** Monday-based week number of an epoch day (1970-01-01 was a Thursday). */
    static long week(long day) {
        return Math.floorDiv(day + 3, 7);
    }

    public static void record(CustomerActivity a, ClickEvent e, ChurnSettings s) {
        long ts = e.ts;
        boolean newSession = a.lastEvent == CustomerActivity.NONE || ts - a.lastEvent > s.sessionGap().toMillis();
        if (newSession && ts >= a.lastEvent) closeSession(a);
        if (a.firstSeen == CustomerActivity.NONE || ts < a.firstSeen) a.firstSeen = ts;
        long day = day(ts);
        advanceDays(a, day);
        advanceWeeks(a, week(day));
        int d = dayIndex(a, day), w = weekIndex(a, week(day));
        if (newSession) {
            if (ts >= a.lastEvent) a.lastSessionStart = ts;
            if (d >= 0) a.daySessions[d] = saturatedByte(a.daySessions[d] + 1);
            if (w >= 0) a.weekSessions[w] = saturatedShort(a.weekSessions[w] + 1);
        }
        if (ts > a.lastEvent) a.lastEvent = ts;
        switch (e.type) {
            case PAGE_VIEW -> {
                if (d >= 0) a.dayViews[d] = saturatedShort(a.dayViews[d] + 1);
                if (w >= 0) a.weekViews[w] = saturatedShort(a.weekViews[w] + 1);
            }
            case ADD_TO_CART -> a.sessionHadCart = true;
            case PURCHASE -> purchase(a, e, d, w);
            case REFUND -> a.refunds++;
            case PAGE_TIMING -> {
                int load = e.loadMsOrNegative();
                if (load >= 0) {
                    a.beacons++;
                    if (load > s.slowLoadMs()) a.slowBeacons++;
                    if (a.beacons > HALVE_AT) {
                        a.beacons /= 2;
                        a.slowBeacons /= 2;
                    }
                }
            }
            default -> { }
        }
    }

    private static void purchase(CustomerActivity a, ClickEvent e, int d, int w) {
        a.sessionBought = true;
        int orderHash = e.orderId == null ? 0 : e.orderId.hashCode();
        boolean newOrder = e.orderId == null || a.orders == 0 || orderHash != a.lastOrderHash;
        double revenue = e.revenue != null ? e.revenue : e.price != null ? e.price * (e.quantity == null ? 1 : e.quantity) : 0;
        a.revenueTotal += (float) revenue;
        if (d >= 0) a.dayRevenue[d] += (float) revenue;
        if (w >= 0) a.weekRevenue[w] += (float) revenue;
        if (!newOrder) return;
        a.orders++;
        a.lastOrderHash = orderHash;
        if (a.firstPurchase == CustomerActivity.NONE || e.ts < a.firstPurchase) a.firstPurchase = e.ts;
        if (e.ts > a.lastPurchase) a.lastPurchase = e.ts;
        if (d >= 0) a.dayOrders[d] = saturatedByte(a.dayOrders[d] + 1);
        if (w >= 0) a.weekOrders[w] = saturatedShort(a.weekOrders[w] + 1);
    }

    /** Counts the session that just ended in the basket figures. */
    private static void closeSession(CustomerActivity a) {
        if (a.sessionHadCart) {
            a.cartSessions++;
            if (!a.sessionBought) a.abandonedSessions++;
            if (a.cartSessions > HALVE_AT) {
                a.cartSessions /= 2;
                a.abandonedSessions /= 2;
            }
        }
        a.sessionHadCart = false;
        a.sessionBought = false;
    }

    /** Mail activity: logins and feedback clicks, decayed counts; other mail events say nothing about the customer. */
    public static boolean record(AccountActivity m, MailEvent e) {
        if (e.type != MailType.LOGIN && e.type != MailType.FEEDBACK) return false;
        decayTo(m, Math.max(e.ts, m.decayedTo));
        if (e.type == MailType.LOGIN) {
            if (Boolean.FALSE.equals(e.success)) return false;
            m.logins += 1;
            if (e.ts > m.lastLogin) m.lastLogin = e.ts;
        } else {
            m.feedback += 1;
        }
        return true;
    }

    /** Decayed count: n · 2^(−Δt / half-life). */
    static double decayed(float count, long from, long to) {
        if (from == CustomerActivity.NONE || to <= from) return count;
        return count * Math.pow(2, -(to - from) / (MAIL_HALF_LIFE_DAYS * DAY));
    }

    private static void decayTo(AccountActivity m, long to) {
        m.logins = (float) decayed(m.logins, m.decayedTo, to);
        m.feedback = (float) decayed(m.feedback, m.decayedTo, to);
        m.decayedTo = to;
    }

    /** When the customer is overdue: {@code factor} usual gaps after the last purchase; NONE with fewer than two orders. */
    public static long milestone(CustomerActivity a, double factor) {
        if (a.orders < 2 || a.lastPurchase <= a.firstPurchase) return CustomerActivity.NONE;
        double meanGap = (double) (a.lastPurchase - a.firstPurchase) / (a.orders - 1);
        return a.lastPurchase + (long) (factor * meanGap);
    }

    /** The daily ring's slot of {@code day}, or −1 when the ring has moved past it. */
    static int dayIndex(CustomerActivity a, long day) {
        return day > a.headDay - CustomerActivity.DAYS && day <= a.headDay ? (int) Math.floorMod(day, CustomerActivity.DAYS) : -1;
    }

    static int weekIndex(CustomerActivity a, long week) {
        return week > a.headWeek - CustomerActivity.WEEKS && week <= a.headWeek ? (int) Math.floorMod(week, CustomerActivity.WEEKS) : -1;
    }

    private static void advanceDays(CustomerActivity a, long day) {
        a.headDay = advance(a.headDay, day, CustomerActivity.DAYS, i -> {
            a.dayViews[i] = 0;
            a.daySessions[i] = 0;
            a.dayOrders[i] = 0;
            a.dayRevenue[i] = 0;
        });
    }

    private static void advanceWeeks(CustomerActivity a, long week) {
        a.headWeek = advance(a.headWeek, week, CustomerActivity.WEEKS, i -> {
            a.weekViews[i] = 0;
            a.weekSessions[i] = 0;
            a.weekOrders[i] = 0;
            a.weekRevenue[i] = 0;
        });
    }

    /** A ring's new head when slot {@code to} comes: the slots it moves over are cleared (at most the ring's size). */
    private static long advance(long head, long to, int size, IntConsumer clear) {
        if (head != CustomerActivity.NONE && to <= head) return head;
        long from = head == CustomerActivity.NONE ? to - size + 1 : Math.max(head + 1, to - size + 1);
        for (long t = from; t <= to; t++) clear.accept((int) Math.floorMod(t, size));
        return to;
    }

    private static byte saturatedByte(int v) {
        return (byte) Math.min(v, Byte.MAX_VALUE);
    }

    private static short saturatedShort(int v) {
        return (short) Math.min(v, Short.MAX_VALUE);
    }
}
