package com.streamlens.operators.churn;

import com.streamlens.state.records.AccountActivity;
import com.streamlens.state.records.CustomerActivity;
import java.util.List;
import java.util.function.IntToDoubleFunction;

/**
 * A customer's churn features as of an instant: recency, frequency (7 / 30 / 90 days), monetary value, the weekly trend,
 * the purchase rhythm, basket abandonment, slow pages, tenure, refunds and mail activity. {@link #vector} gives raw
 * values (days, counts, money, shares: what a person reads in a score's reasons); {@link #modelInput} is what the
 * network reads. Windows are whole days: the N days up to and including the day of the instant just before
 * {@code asOf}, so a score at midnight covers the last N full days; "90 days" is the 13 Monday-based weeks up to it.
 */
public final class ChurnFeatures {
    public static final List<String> NAMES = List.of(
            "days_since_last_event", "days_since_last_session", "days_since_last_purchase",
            "sessions_7d", "sessions_30d", "sessions_90d",
            "views_7d", "views_30d", "views_90d",
            "orders_7d", "orders_30d", "orders_90d",
            "revenue_30d", "revenue_90d",
            "weekly_trend", "mean_purchase_gap_days", "purchase_overdue",
            "cart_abandonment", "slow_load_share", "tenure_days", "refund_share",
            "has_purchased", "orders_total", "revenue_total",
            "logins_30d", "days_since_login", "feedback_30d");

    public static final int DAYS_SINCE_LAST_EVENT = 0;
    public static final int DAYS_SINCE_LAST_PURCHASE = 2;
    public static final int ORDERS_TOTAL = 22;
    public static final int REVENUE_TOTAL = 23;
    /** Features the model reads as log(1 + x): days, counts and money, whose tails are long. */
    private static final boolean[] LOG = new boolean[NAMES.size()];
    /** "Overdue" past this many usual gaps says nothing more. */
    private static final float OVERDUE_CAP = 20;

    static {
        for (String n : List.of("days_since_last_event", "days_since_last_session", "days_since_last_purchase", "sessions_7d", "sessions_30d",
                "sessions_90d", "views_7d", "views_30d", "views_90d", "orders_7d", "orders_30d", "orders_90d", "revenue_30d", "revenue_90d",
                "mean_purchase_gap_days", "tenure_days", "orders_total", "revenue_total", "logins_30d", "days_since_login", "feedback_30d")) {
            LOG[NAMES.indexOf(n)] = true;
        }
    }

    private ChurnFeatures() {}

    /** Raw features of a customer as of {@code asOf} (≥ their last event); {@code account} may be null (no mail activity). */
    public static float[] vector(CustomerActivity a, AccountActivity account, long asOf, ChurnSettings s) {
        float[] f = new float[NAMES.size()];
        long asOfDay = CustomerHistory.day(asOf - 1);
        long asOfWeek = CustomerHistory.week(asOfDay);
        f[0] = days(asOf, a.lastEvent);
        f[1] = days(asOf, a.lastSessionStart);
        f[2] = a.lastPurchase == CustomerActivity.NONE ? days(asOf, a.firstSeen) : days(asOf, a.lastPurchase);
        f[3] = sumOfDays(a, asOfDay, 7, i -> a.daySessions[i]);
        f[4] = sumOfDays(a, asOfDay, 30, i -> a.daySessions[i]);
        f[6] = sumOfDays(a, asOfDay, 7, i -> a.dayViews[i]);
        f[7] = sumOfDays(a, asOfDay, 30, i -> a.dayViews[i]);
        f[9] = sumOfDays(a, asOfDay, 7, i -> a.dayOrders[i]);
        f[10] = sumOfDays(a, asOfDay, 30, i -> a.dayOrders[i]);
        f[12] = sumOfDays(a, asOfDay, 30, i -> a.dayRevenue[i]);
        float[] weekSessions = new float[CustomerActivity.WEEKS];
        for (int k = 0; k < CustomerActivity.WEEKS; k++) {
            long w = asOfWeek - CustomerActivity.WEEKS + 1 + k;
            int i = CustomerHistory.weekIndex(a, w);
            if (i < 0) continue;
            weekSessions[k] = a.weekSessions[i];
            f[5] += a.weekSessions[i];
            f[8] += a.weekViews[i];
            f[11] += a.weekOrders[i];
            f[13] += a.weekRevenue[i];
        }
        f[14] = trend(weekSessions);
        long meanGap = a.orders >= 2 && a.lastPurchase > a.firstPurchase ? (a.lastPurchase - a.firstPurchase) / (a.orders - 1) : 0;
        f[15] = meanGap > 0 ? (float) meanGap / CustomerHistory.DAY : 0;
        f[16] = meanGap > 0 ? Math.min(OVERDUE_CAP, (float) (asOf - a.lastPurchase) / meanGap) : 0;
        int carts = a.cartSessions, abandoned = a.abandonedSessions;
        if (a.sessionHadCart && asOf - a.lastEvent > s.sessionGap().toMillis()) { // the open session has ended by now
            carts++;
            if (!a.sessionBought) abandoned++;
        }
        f[17] = carts == 0 ? 0 : (float) abandoned / carts;
        f[18] = a.beacons == 0 ? 0 : (float) a.slowBeacons / a.beacons;
        f[19] = days(asOf, a.firstSeen);
        f[20] = a.orders + a.refunds == 0 ? 0 : (float) a.refunds / (a.orders + a.refunds);
        f[21] = a.orders > 0 ? 1 : 0;
        f[22] = a.orders;
        f[23] = Math.max(0, a.revenueTotal);
        if (account != null) {
            f[24] = (float) CustomerHistory.decayed(account.logins, account.decayedTo, asOf);
            f[25] = account.lastLogin == CustomerActivity.NONE ? 0 : days(asOf, account.lastLogin);
            f[26] = (float) CustomerHistory.decayed(account.feedback, account.decayedTo, asOf);
        }
        return f;
    }

    /** What the network reads: log(1 + x) of the long-tailed features, the rest as they are. */
    public static float[] modelInput(float[] raw) {
        float[] x = new float[raw.length];
        for (int j = 0; j < raw.length; j++) x[j] = LOG[j] ? (float) Math.log1p(Math.max(0, raw[j])) : raw[j];
        return x;
    }

    /** Least-squares slope of log(1 + sessions) over the weeks, per week: β = Σ(x − x̄)(y − ȳ) / Σ(x − x̄)². */
    static float trend(float[] weekly) {
        int n = weekly.length;
        double xBar = (n - 1) / 2.0, yBar = 0;
        double[] y = new double[n];
        for (int k = 0; k < n; k++) {
            y[k] = Math.log1p(weekly[k]);
            yBar += y[k] / n;
        }
        double sxy = 0, sxx = 0;
        for (int k = 0; k < n; k++) {
            sxy += (k - xBar) * (y[k] - yBar);
            sxx += (k - xBar) * (k - xBar);
        }
        return (float) (sxy / sxx);
    }

    private static float days(long asOf, long then) {
        return then == CustomerActivity.NONE ? 0 : Math.max(0, (float) (asOf - then) / CustomerHistory.DAY);
    }

    /** Σ over the n days up to {@code lastDay} of one daily ring's slots (days the ring has passed count 0). */
    private static float sumOfDays(CustomerActivity a, long lastDay, int n, IntToDoubleFunction slot) {
        float sum = 0;
        for (long d = lastDay - n + 1; d <= lastDay; d++) {
            int i = CustomerHistory.dayIndex(a, d);
            if (i >= 0) sum += (float) slot.applyAsDouble(i);
        }
        return sum;
    }
}
