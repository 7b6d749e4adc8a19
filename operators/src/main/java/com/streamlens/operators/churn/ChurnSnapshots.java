package com.streamlens.operators.churn;

import com.streamlens.state.events.ClickEvent;
import com.streamlens.state.records.CustomerActivity;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Training snapshots from a purchase history, with the job's own feature code ({@link CustomerHistory},
 * {@link ChurnFeatures}): at each cut-off c, every customer active in the {@code activeWithin} before it gets their
 * features from the events at or before c (what the job has seen when the watermark passes its timer at c), and the
 * label "no activity in (c, c + horizon]".
 */
public final class ChurnSnapshots {
    private ChurnSnapshots() {}

    /** One customer at one cut-off. */
    public record Snapshot(String siteId, String userId, long cutoff, float[] features, boolean churned) {
        public String customer() {
            return siteId + "|" + userId;
        }
    }

    /** Mondays 00:00 UTC from {@code warmup} after the first event until the last whose label window the data covers. */
    public static List<Long> weeklyCutoffs(long firstTs, long lastTs, Duration warmup, Duration horizon) {
        long day = CustomerHistory.day(firstTs + warmup.toMillis() + CustomerHistory.DAY - 1);
        while (Math.floorMod(day + 3, 7) != 0) day++; // to a Monday
        List<Long> out = new ArrayList<>();
        for (long c = day * CustomerHistory.DAY; c + horizon.toMillis() <= lastTs; c += 7 * CustomerHistory.DAY) out.add(c);
        return out;
    }

    /** Snapshots at {@code cutoffs} (ascending) of clickstream events with a user id, in any order. */
    public static List<Snapshot> build(List<ClickEvent> events, List<Long> cutoffs, Duration horizon, Duration activeWithin, ChurnSettings s) {
        List<ClickEvent> sorted = new ArrayList<>(events);
        sorted.sort(Comparator.comparingLong(e -> e.ts));
        Map<String, long[]> times = eventTimes(sorted);
        Map<String, CustomerActivity> customers = new HashMap<>();
        Map<String, ClickEvent> identity = new HashMap<>();
        List<Snapshot> out = new ArrayList<>();
        int next = 0;
        for (long c : cutoffs) {
            for (; next < sorted.size() && sorted.get(next).ts <= c; next++) {
                ClickEvent e = sorted.get(next);
                String key = key(e);
                CustomerHistory.record(customers.computeIfAbsent(key, k -> new CustomerActivity()), e, s);
                identity.putIfAbsent(key, e);
            }
            for (Map.Entry<String, CustomerActivity> entry : customers.entrySet()) {
                CustomerActivity a = entry.getValue();
                if (a.lastEvent <= c - activeWithin.toMillis()) continue;
                ClickEvent who = identity.get(entry.getKey());
                boolean churned = !activeIn(times.get(entry.getKey()), c, c + horizon.toMillis());
                out.add(new Snapshot(who.siteId, who.userId, c, ChurnFeatures.vector(a, null, c, s), churned));
            }
        }
        out.sort(Comparator.comparingLong(Snapshot::cutoff).thenComparing(Snapshot::customer));
        return out;
    }

    static String key(ClickEvent e) {
        return e.siteId + "|" + e.userId;
    }

    /** Whether any time in the sorted array lies in (from, to]. */
    static boolean activeIn(long[] sortedTimes, long from, long to) {
        int i = Arrays.binarySearch(sortedTimes, from + 1);
        if (i < 0) i = -i - 1;
        else while (i > 0 && sortedTimes[i - 1] == from + 1) i--;
        return i < sortedTimes.length && sortedTimes[i] <= to;
    }

    private static Map<String, long[]> eventTimes(List<ClickEvent> sorted) {
        Map<String, List<Long>> lists = new HashMap<>();
        for (ClickEvent e : sorted) lists.computeIfAbsent(key(e), k -> new ArrayList<>()).add(e.ts);
        Map<String, long[]> out = new HashMap<>();
        lists.forEach((k, v) -> out.put(k, v.stream().mapToLong(Long::longValue).toArray()));
        return out;
    }
}
