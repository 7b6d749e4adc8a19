package com.streamlens.state.records;

import java.util.Arrays;

/**
 * A user's recent item interactions, oldest first, at most a configured number (the oldest fall out). One
 * entry per item: a repeated interaction adds its confidence (capped) and moves the item to the newest end.
 * Flink POJO in keyed RocksDB state; ~30 bytes per entry plus the id strings.
 */
public class UserHistory {
    public String[] itemIds = new String[0];
    public float[] confidences = new float[0];
    public long[] timestamps = new long[0];
    /** The site of the latest interaction (the list is written for it). */
    public String siteId;

    public UserHistory() {}

    public int size() {
        return itemIds.length;
    }

    public boolean isEmpty() {
        return itemIds.length == 0;
    }

    public int indexOf(String itemId) {
        for (int i = itemIds.length - 1; i >= 0; i--) if (itemIds[i].equals(itemId)) return i;
        return -1;
    }

    /**
     * Records an interaction; returns the item's accumulated confidence (capped at {@code maxConfidence}).
     * Keeps at most {@code limit} entries by dropping the oldest.
     */
    public float record(String itemId, float confidence, long ts, int limit, float maxConfidence) {
        int at = indexOf(itemId);
        float c = confidence;
        int n = itemIds.length;
        if (at >= 0) {
            c = Math.min(maxConfidence, confidences[at] + confidence);
            // Shift the newer entries down over the old position, then append.
            System.arraycopy(itemIds, at + 1, itemIds, at, n - at - 1);
            System.arraycopy(confidences, at + 1, confidences, at, n - at - 1);
            System.arraycopy(timestamps, at + 1, timestamps, at, n - at - 1);
            itemIds[n - 1] = itemId;
            confidences[n - 1] = c;
            timestamps[n - 1] = ts;
            return c;
        }
        int drop = Math.max(0, n + 1 - limit);
        int keep = n - drop;
        String[] ids = new String[keep + 1];
        float[] cs = new float[keep + 1];
        long[] tss = new long[keep + 1];
        System.arraycopy(itemIds, drop, ids, 0, keep);
        System.arraycopy(confidences, drop, cs, 0, keep);
        System.arraycopy(timestamps, drop, tss, 0, keep);
        ids[keep] = itemId;
        cs[keep] = confidence;
        tss[keep] = ts;
        itemIds = ids;
        confidences = cs;
        timestamps = tss;
        return c;
    }

    @Override
    public String toString() {
        return "UserHistory" + Arrays.toString(itemIds);
    }
}
