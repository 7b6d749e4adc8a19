package com.streamlens.operators.content;

import java.util.HashMap;
import java.util.Map;

/**
 * Which goods are bought again (milk, socks) and which only once (a film, a TV set), learned from the purchases seen:
 * an item's repurchase rate is the share of its buyers who bought it more than once, r = repeat buyers / buyers.
 * An item is replenishable when r ≥ {@code threshold} over at least {@code minBuyers} buyers; an item with fewer buyers
 * is judged by its category's rate under the same rule; with neither it is not (a bought item is then left out of
 * that buyer's lists, the safe default for durable goods).
 */
public final class RepurchaseRates {
    private final double threshold;
    private final int minBuyers;
    private final Map<String, long[]> items = new HashMap<>();
    private final Map<String, long[]> categories = new HashMap<>();

    public RepurchaseRates(double threshold, int minBuyers) {
        if (!(threshold > 0 && threshold <= 1)) throw new IllegalArgumentException("threshold must be in (0, 1], got " + threshold);
        if (minBuyers < 1) throw new IllegalArgumentException("minBuyers must be ≥ 1, got " + minBuyers);
        this.threshold = threshold;
        this.minBuyers = minBuyers;
    }

    /** Counts a purchase of {@code item} (in {@code category}, may be null) by a buyer who had bought it {@code before} times. */
    public void purchase(String item, String category, int before) {
        count(items, item, before);
        if (category != null && !category.isEmpty()) count(categories, category, before);
    }

    private static void count(Map<String, long[]> m, String key, int before) {
        long[] c = m.computeIfAbsent(key, k -> new long[2]); // {buyers, repeat buyers}
        if (before == 0) c[0]++;
        else if (before == 1) c[1]++;
    }

    /** r of an item or category, NaN without buyers. */
    public double rate(String key, boolean category) {
        long[] c = (category ? categories : items).get(key);
        return c == null || c[0] == 0 ? Double.NaN : (double) c[1] / c[0];
    }

    public boolean replenishable(String item, String category) {
        long[] c = items.get(item);
        if (c != null && c[0] >= minBuyers) return replenishable(c[0], c[1], threshold, minBuyers);
        long[] cat = category == null ? null : categories.get(category);
        return cat != null && replenishable(cat[0], cat[1], threshold, minBuyers);
    }

    /** The rule on counts: r = repeat / buyers ≥ threshold over at least minBuyers buyers (the job applies it per item). */
    public static boolean replenishable(long buyers, long repeatBuyers, double threshold, int minBuyers) {
        return buyers >= minBuyers && (double) repeatBuyers / buyers >= threshold;
    }
}
