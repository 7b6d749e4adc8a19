package com.streamlens.operators.recs;

import com.streamlens.state.records.SimilarListings;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One user-side subtask's book of similar lists: which items' lists it writes (each item on exactly one subtask, by
 * the hash of its id), which are due, and for each list written when and the sorted hash codes of its ids (4 bytes an
 * entry instead of the ids), enough to find the lists that name a retired item. A list is due when its item's row
 * changed after {@code intervalMs}, when the catalogue has doubled since lists were last made due, or when an item it
 * names retired. Lives as long as its item: {@link #retired} forgets it.
 */
final class SimilarListBook {
    private final int subtask;
    private final int parallelism;
    private final long intervalMs;
    private final Map<String, Written> written = new HashMap<>();
    /** In the order they became due. */
    private final Set<String> due = new LinkedHashSet<>();
    /** Catalogue size when every list was last made due; at twice it they are due again. */
    private int catalogueMark;

    /** When a list was written and its ids' hash codes, sorted. */
    private record Written(long at, int[] idHashes) {}

    SimilarListBook(int subtask, int parallelism, long intervalMs) {
        this.subtask = subtask;
        this.parallelism = parallelism;
        this.intervalMs = intervalMs;
    }

    /** Whether this subtask writes the item's similar list. */
    boolean owns(String itemId) {
        return Math.floorMod(itemId.hashCode(), parallelism) == subtask;
    }

    /** The item's row changed at {@code now}: its list is due if this subtask owns it and has not written it within the interval. */
    void rowChanged(String itemId, long now) {
        if (!owns(itemId)) return;
        Written w = written.get(itemId);
        if (w == null || now - w.at() >= intervalMs) due.add(itemId);
    }

    /** The catalogue this subtask ranks against was built with {@code size} items (the mark growth is measured from). */
    void catalogueBuilt(int size) {
        catalogueMark = Math.max(1, size);
    }

    /**
     * The catalogue now has {@code size} items. Once it has doubled since the mark, every list written is due again: a
     * list written while a snapshot's rows were still arriving ranked only the items there then (the first 64 items of
     * a 100,000-item snapshot could rank each other alone), and a quiet item's row may not change again for days. Every
     * list is then ranked against at least half the catalogue, for about 4/3 of one ranking of every list more in all
     * (the squares of doubling sizes sum to 4/3 of the last's). Returns how many lists became due.
     */
    int catalogueGrew(int size) {
        if (size < 2 * catalogueMark) return 0;
        int before = due.size();
        due.addAll(written.keySet());
        catalogueMark = size;
        return due.size() - before;
    }

    /** Forgets a retired item and makes due the lists that name it (found by hash code; a collision only rewrites a list that did not need it). */
    int retired(String itemId) {
        due.remove(itemId);
        written.remove(itemId);
        int hash = itemId.hashCode();
        int naming = 0;
        for (Map.Entry<String, Written> e : written.entrySet()) {
            if (Arrays.binarySearch(e.getValue().idHashes(), hash) >= 0 && due.add(e.getKey())) naming++;
        }
        return naming;
    }

    int dueCount() {
        return due.size();
    }

    /** Takes up to {@code max} due items, oldest first. */
    List<String> takeDue(int max) {
        List<String> out = new ArrayList<>(Math.min(max, due.size()));
        for (Iterator<String> it = due.iterator(); it.hasNext() && out.size() < max; ) {
            out.add(it.next());
            it.remove();
        }
        return out;
    }

    /** The item's list was written at {@code now} with these ids. */
    void written(String itemId, String[] ids, long now) {
        int[] h = new int[ids.length];
        for (int i = 0; i < ids.length; i++) h[i] = ids[i].hashCode();
        Arrays.sort(h);
        written.put(itemId, new Written(now, h));
    }

    /** When the item's list was written, or -1. */
    long writtenAt(String itemId) {
        Written w = written.get(itemId);
        return w == null ? -1 : w.at();
    }

    /** The lists written, as one checkpoint element (a list entry per item would put an offset per item into the checkpoint's metadata). */
    SimilarListings pack() {
        int n = written.size(), total = 0;
        for (Written w : written.values()) total += w.idHashes().length;
        String[] ids = new String[n];
        long[] at = new long[n];
        int[] sizes = new int[n];
        int[] hashes = new int[total];
        int i = 0, from = 0;
        for (Map.Entry<String, Written> e : written.entrySet()) {
            int[] h = e.getValue().idHashes();
            ids[i] = e.getKey();
            at[i] = e.getValue().at();
            sizes[i++] = h.length;
            System.arraycopy(h, 0, hashes, from, h.length);
            from += h.length;
        }
        return new SimilarListings(ids, at, sizes, hashes);
    }

    /** The due items, for a checkpoint. */
    List<String> dueItems() {
        return new ArrayList<>(due);
    }

    /** Restores the lists and due items this subtask owns from union state, in which every subtask sees every subtask's (a rescale moves items). */
    void restore(Iterable<SimilarListings> listings, Iterable<String> dueItems) {
        for (SimilarListings l : listings) {
            for (int i = 0, from = 0; i < l.itemIds.length; from += l.sizes[i++]) {
                if (owns(l.itemIds[i])) {
                    written.put(l.itemIds[i], new Written(l.writtenAt[i], Arrays.copyOfRange(l.idHashes, from, from + l.sizes[i])));
                }
            }
        }
        for (String itemId : dueItems) if (owns(itemId)) due.add(itemId);
    }
}
