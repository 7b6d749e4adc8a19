package com.streamlens.state.records;

/** An item's content tag vector (unit length, strongest first), as the content job broadcasts it to every profile subtask. */
public class ItemTags {
    public String siteId;
    public String itemId;
    public String[] tags;
    public float[] weights;
    public long ts;

    public ItemTags() {}

    public ItemTags(String siteId, String itemId, String[] tags, float[] weights, long ts) {
        this.siteId = siteId;
        this.itemId = itemId;
        this.tags = tags;
        this.weights = weights;
        this.ts = ts;
    }
}
