package com.streamlens.state.records;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * One item's factor row as published on the compacted {@code item-factors} topic (key: item id), with the
 * support Σc it was solved from. One special record, id {@link #USER_GRAM_ID}, carries the user Gram
 * matrix XᵀX of a batch-trained snapshot instead (upper triangle, row-major k×k, and its row count): the item
 * solves need it before the job has seen the users again. A retirement (no factors, {@link #retirement}) takes an
 * item out of the catalogue; on the topic it is a tombstone, so compaction forgets the item too.
 */
public class ItemFactor implements KeyDeletion {
    public static final String USER_GRAM_ID = "__user_gram__";

    public String itemId;
    public float[] factors;
    public double support;
    public long updatedAt;
    /** Only on the {@link #USER_GRAM_ID} record. */
    public double[] gram;
    public long gramCount;

    public ItemFactor() {}

    public ItemFactor(String itemId, float[] factors, double support, long updatedAt) {
        this.itemId = itemId;
        this.factors = factors;
        this.support = support;
        this.updatedAt = updatedAt;
    }

    public static ItemFactor userGram(double[] upper, long count, long updatedAt) {
        ItemFactor f = new ItemFactor(USER_GRAM_ID, null, 0, updatedAt);
        f.gram = upper;
        f.gramCount = count;
        return f;
    }

    /** The item leaves the catalogue (no interactions for {@code RecsState.ITEM_TTL}, or deleted upstream). */
    public static ItemFactor retirement(String itemId, long updatedAt) {
        return new ItemFactor(itemId, null, 0, updatedAt);
    }

    public boolean isUserGram() {
        return USER_GRAM_ID.equals(itemId);
    }

    @JsonIgnore
    public boolean isRetirement() {
        return factors == null && !isUserGram();
    }

    @Override
    public boolean deletesKey() {
        return isRetirement();
    }
}
