package com.streamlens.operators.recs;

/**
 * From the user side to the item side (keyed by item): the interacting user's new row and the interaction's
 * confidence, plus the item's current row and support as the user side knows them (the prior for an item
 * the item side has no statistics for yet).
 */
public class ItemUpdate {
    public String itemId;
    public String userId;
    public float[] userRow;
    public float confidence;
    public float[] currentRow;
    public double currentSupport;
    public long ts;

    public ItemUpdate() {}

    public ItemUpdate(String itemId, String userId, float[] userRow, float confidence, float[] currentRow,
                      double currentSupport, long ts) {
        this.itemId = itemId;
        this.userId = userId;
        this.userRow = userRow;
        this.confidence = confidence;
        this.currentRow = currentRow;
        this.currentSupport = currentSupport;
        this.ts = ts;
    }
}
