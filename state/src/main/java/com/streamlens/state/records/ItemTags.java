package com.streamlens.state.records;

/**
 * An item as the content job knows it, per site and broadcast to every profile subtask: its tag vector (unit length,
 * strongest first), the hash of the text it was made from, and its buyers (of whom how many bought it again) with the
 * verdict they give: whether it is replenishable, so a buyer still sees it recommended.
 */
public class ItemTags {
    public String siteId;
    public String itemId;
    public String[] tags = new String[0];
    public float[] weights = new float[0];
    public long ts;
    public int textHash;
    public long buyers;
    public long repeatBuyers;
    public boolean replenishable;
    /** False once the store took the item out (items topic): it leaves every list until a page shows it again. */
    public boolean available = true;
    /** Tagged from the store's own record (items topic): a new arrival, pushed to the visitors it matches. */
    public boolean announced;

    public ItemTags() {}

    public ItemTags(String siteId, String itemId, String[] tags, float[] weights, long ts) {
        this.siteId = siteId;
        this.itemId = itemId;
        this.tags = tags;
        this.weights = weights;
        this.ts = ts;
    }
}
