package com.streamlens.state.records;

/** A user's page views per day over the last {@link #DAYS} days: the pre-exposure covariate of CUPED. */
public class DailyActivity {
    public static final int DAYS = 14;
    private static final long DAY_MS = 86_400_000L;

    /** Ring indexed by epoch day mod DAYS. */
    public int[] counts = new int[DAYS];
    public long lastDay = Long.MIN_VALUE;

    public DailyActivity() {}

    public void add(long ts) {
        long day = Math.floorDiv(ts, DAY_MS);
        advanceTo(day);
        counts[(int) Math.floorMod(day, DAYS)]++;
    }

    /** Page views in the DAYS days up to and including the day of {@code ts}. */
    public int totalUpTo(long ts) {
        long day = Math.floorDiv(ts, DAY_MS);
        if (day < lastDay) day = lastDay; // an old timestamp: report what the ring holds
        int total = 0;
        for (long d = day - DAYS + 1; d <= day; d++) {
            if (d <= lastDay && d > lastDay - DAYS) total += counts[(int) Math.floorMod(d, DAYS)];
        }
        return total;
    }

    private void advanceTo(long day) {
        if (lastDay == Long.MIN_VALUE) {
            lastDay = day;
            return;
        }
        if (day <= lastDay) return;
        for (long d = lastDay + 1; d <= day && d <= lastDay + DAYS; d++) counts[(int) Math.floorMod(d, DAYS)] = 0;
        lastDay = day;
    }
}
