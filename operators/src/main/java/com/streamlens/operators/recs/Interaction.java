package com.streamlens.operators.recs;

/** A user–item interaction for the recommender: a page view, add-to-cart or purchase with its confidence weight. */
public class Interaction {
    public String userId;
    public String itemId;
    public String siteId;
    public float confidence;
    public long ts;

    public Interaction() {}

    public Interaction(String userId, String itemId, String siteId, float confidence, long ts) {
        this.userId = userId;
        this.itemId = itemId;
        this.siteId = siteId;
        this.confidence = confidence;
        this.ts = ts;
    }
}
