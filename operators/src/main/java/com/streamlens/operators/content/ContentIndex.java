package com.streamlens.operators.content;

import com.streamlens.operators.recs.als.ScoredItems;
import com.streamlens.operators.recs.als.TopNScorer.TopHeap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Item tag vectors (unit length) behind an inverted index, tag → (item, weight), so that a profile scores only the items
 * sharing one of its tags: cos(p, i) = Σ_t p_t·i_t / |p| accumulated over the profile's posting lists (each cut to the
 * items where its tag weighs most, the profile's strongest tags first, at most {@value #QUERY_BUDGET} postings a query),
 * the best {@value #RESCORE_FACTOR}·n candidates then scored exactly on every profile tag. A replaced item
 * leaves its old postings. Not thread-safe (one accumulator); one per operator subtask.
 * Memory: per item its id and vector (~30 tags) plus ~30 postings of 8 bytes, measured in docs/jobs/content.md.
 */
public final class ContentIndex {
    private final Map<String, Integer> slot = new HashMap<>();
    private final List<String> ids = new ArrayList<>();
    private final List<TagVector> vectors = new ArrayList<>();
    private final Map<String, Postings> postings = new HashMap<>();
    private float[] acc = new float[1024];
    private int[] touched = new int[1024];

    /**
     * The items holding a tag, heaviest first (an impact-ordered posting list). A query reads only the first {@code cap}
     * of each list: a tag of a big catalogue's category ("шин" in a tyre shop) would otherwise make every query touch a
     * tenth of the catalogue. An item past a tag's cut can still be found through its other tags, and is scored exactly;
     * it moves up as heavier items leave.
     */
    private static final class Postings {
        int[] items = new int[4];
        float[] weights = new float[4];
        int size;

        void add(int item, float w) {
            if (size == items.length) {
                items = Arrays.copyOf(items, size * 2);
                weights = Arrays.copyOf(weights, size * 2);
            }
            int at = size;
            while (at > 0 && weights[at - 1] < w) at--;
            System.arraycopy(items, at, items, at + 1, size - at);
            System.arraycopy(weights, at, weights, at + 1, size - at);
            items[at] = item;
            weights[at] = w;
            size++;
        }

        void remove(int item) {
            for (int i = 0; i < size; i++) {
                if (items[i] == item) {
                    System.arraycopy(items, i + 1, items, i, size - i - 1);
                    System.arraycopy(weights, i + 1, weights, i, size - i - 1);
                    size--;
                    return;
                }
            }
        }
    }

    /** Default posting-list cut: ~50 profile tags × 2,000 bounds a query's work whatever the catalogue's size. */
    public static final int DEFAULT_POSTINGS_CAP = 2000;
    /**
     * Postings a query reads at most, its strongest tags first: the candidates come from the tags that weigh most in the
     * profile, and every candidate is then scored on all of them.
     */
    static final int QUERY_BUDGET = 20_000;
    /** Candidates rescored exactly per query: this many times the list length asked for. */
    static final int RESCORE_FACTOR = 4;

    private final int cap;

    public ContentIndex() {
        this(DEFAULT_POSTINGS_CAP);
    }

    public ContentIndex(int postingsCap) {
        if (postingsCap < 1) throw new IllegalArgumentException("the posting-list cut must be ≥ 1, got " + postingsCap);
        this.cap = postingsCap;
    }

    public int size() {
        return ids.size();
    }

    public boolean contains(String itemId) {
        return slot.containsKey(itemId);
    }

    /** The item's vector, or null if unknown. */
    public TagVector vector(String itemId) {
        Integer s = slot.get(itemId);
        return s == null ? null : vectors.get(s);
    }

    /** Adds or replaces an item's (unit) vector. */
    public void put(String itemId, TagVector unit) {
        Integer s = slot.get(itemId);
        if (s == null) {
            s = ids.size();
            slot.put(itemId, s);
            ids.add(itemId);
            vectors.add(TagVector.EMPTY);
            grow(ids.size());
        }
        TagVector old = vectors.get(s);
        for (String t : old.tags()) {
            Postings p = postings.get(t);
            if (p != null) p.remove(s);
        }
        for (int j = 0; j < unit.size(); j++) postings.computeIfAbsent(unit.tags()[j], t -> new Postings()).add(s, unit.weights()[j]);
        vectors.set(s, unit);
    }

    /**
     * The {@code n} items most similar to {@code profile} by cosine, among the items sharing a tag with it, leaving out
     * those {@code excluded} names (by id).
     */
    public ScoredItems topN(TagVector profile, java.util.function.Predicate<String> excluded, int n) {
        double norm = profile.norm();
        if (norm == 0 || n <= 0) return new ScoredItems(new String[0], new float[0]);
        int count = 0;
        int budget = QUERY_BUDGET;
        for (int j = 0; j < profile.size() && budget > 0; j++) { // strongest tags first, until the budget is read
            Postings p = postings.get(profile.tags()[j]);
            if (p == null) continue;
            float pw = profile.weights()[j];
            int[] items = p.items;
            float[] w = p.weights;
            int end = Math.min(Math.min(p.size, cap), budget);
            budget -= end;
            for (int i = 0; i < end; i++) {
                int item = items[i];
                if (acc[item] == 0) touched[count++] = item; // weights are positive: 0 means not touched yet
                acc[item] += pw * w[i];
            }
        }
        // Candidates by their accumulated (possibly partial) scores, then the best of them by exact cosine.
        TopHeap candidates = new TopHeap(Math.max(n * RESCORE_FACTOR, n));
        for (int c = 0; c < count; c++) {
            int item = touched[c];
            float a = acc[item];
            acc[item] = 0;
            if (candidates.accepts(a) && !excluded.test(ids.get(item))) candidates.offer(item, a); // the id only for contenders
        }
        int[] best = candidates.drainIndices();
        Map<String, Float> weightOf = new HashMap<>(profile.size() * 2);
        for (int j = 0; j < profile.size(); j++) weightOf.put(profile.tags()[j], profile.weights()[j]);
        TopHeap heap = new TopHeap(n);
        for (int item : best) {
            TagVector v = vectors.get(item);
            double dot = 0;
            for (int j = 0; j < v.size(); j++) {
                Float pw = weightOf.get(v.tags()[j]);
                if (pw != null) dot += pw * v.weights()[j];
            }
            heap.offer(item, (float) (dot / norm));
        }
        return heap.drain(ids::get);
    }

    /** Items most like {@code itemId} by their tags (the item itself left out). */
    public ScoredItems similar(String itemId, int n) {
        TagVector v = vector(itemId);
        return v == null ? new ScoredItems(new String[0], new float[0]) : topN(v, itemId::equals, n);
    }

    private void grow(int items) {
        if (items <= acc.length) return;
        int cap = Math.max(items, acc.length * 2);
        acc = Arrays.copyOf(acc, cap);
        touched = Arrays.copyOf(touched, cap);
    }
}
