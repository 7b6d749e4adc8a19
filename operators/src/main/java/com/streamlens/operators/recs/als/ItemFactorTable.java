package com.streamlens.operators.recs.als;

import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;

/**
 * Every item's factor row by id, the item Gram matrix YᵀY kept current, and which rows changed since the
 * scorer last copied them (so the GEMM mirror is refreshed row by row). One per subtask, on the task thread.
 */
public final class ItemFactorTable {
    private final int k;
    private final Map<String, Integer> index = new HashMap<>();
    private String[] ids = new String[1024];
    private float[][] rows = new float[1024][];
    private float[] norms = new float[1024];
    private double[] supports = new double[1024];
    private int size;
    private final Gram gram;
    private final BitSet dirty = new BitSet();
    private final long recomputeEvery;
    private long updates;
    private long recomputes;

    /** Recomputes YᵀY every 2²⁰ row writes: ~0.2 s of work per million updates keeps rounding drift bounded. */
    public ItemFactorTable(int k) {
        this(k, 1L << 20);
    }

    ItemFactorTable(int k, long recomputeEvery) {
        this.k = k;
        this.gram = new Gram(k);
        this.recomputeEvery = recomputeEvery;
    }

    public int k() {
        return k;
    }

    public int size() {
        return size;
    }

    /** Total row writes since creation (a model-version counter for the outputs). */
    public long updates() {
        return updates;
    }

    public Gram gram() {
        return gram;
    }

    /**
     * Sets an item's row (the array is kept, not copied; pass a fresh one) and the support Σc it was solved
     * from, and returns its index; YᵀY follows.
     */
    public int put(String itemId, float[] row, double support) {
        if (row.length != k) throw new IllegalArgumentException("item " + itemId + " has " + row.length + " factors, expected " + k);
        Integer at = index.get(itemId);
        int i;
        if (at == null) {
            i = size++;
            if (i == ids.length) grow();
            ids[i] = itemId;
            index.put(itemId, i);
            gram.replace(null, row);
        } else {
            i = at;
            gram.replace(rows[i], row);
        }
        rows[i] = row;
        norms[i] = norm(row);
        supports[i] = support;
        dirty.set(i);
        if (++updates % recomputeEvery == 0) recomputeGram();
        return i;
    }

    /**
     * Takes an item out (its row leaves YᵀY) and returns whether it was there. The last row moves into its slot,
     * so indices taken before a removal are stale after it.
     */
    public boolean remove(String itemId) {
        Integer at = index.remove(itemId);
        if (at == null) return false;
        int i = at, last = --size;
        gram.replace(rows[i], null);
        if (i != last) {
            ids[i] = ids[last];
            rows[i] = rows[last];
            norms[i] = norms[last];
            supports[i] = supports[last];
            index.put(ids[i], i);
            dirty.set(i);
        }
        ids[last] = null;
        rows[last] = null;
        dirty.clear(last);
        updates++;
        return true;
    }

    /** The row index of an item, or −1 if the item has no factors yet. */
    public int indexOf(String itemId) {
        Integer i = index.get(itemId);
        return i == null ? -1 : i;
    }

    public float[] rowAt(int i) {
        return rows[i];
    }

    /** An item's row, or null if unknown. Callers must not modify it. */
    public float[] row(String itemId) {
        int i = indexOf(itemId);
        return i < 0 ? null : rows[i];
    }

    /** The support Σc behind an item's row (0 for an item that only has a row from elsewhere). */
    public double supportAt(int i) {
        return supports[i];
    }

    public String idAt(int i) {
        return ids[i];
    }

    public float normAt(int i) {
        return norms[i];
    }

    /** Recomputes YᵀY from the rows (clears the rounding that many replacements accumulate). */
    public void recomputeGram() {
        gram.recompute(() -> Arrays.stream(rows, 0, size).iterator());
        recomputes++;
    }

    long recomputes() {
        return recomputes;
    }

    /** Rows written since the last call, cleared by it (for the scorer's mirror). */
    BitSet takeDirty() {
        BitSet copy = (BitSet) dirty.clone();
        dirty.clear();
        return copy;
    }

    static float norm(float[] v) {
        double s = 0;
        for (float x : v) s += (double) x * x;
        return (float) Math.sqrt(s);
    }

    private void grow() {
        int n = ids.length * 2;
        ids = Arrays.copyOf(ids, n);
        rows = Arrays.copyOf(rows, n);
        norms = Arrays.copyOf(norms, n);
        supports = Arrays.copyOf(supports, n);
    }
}
