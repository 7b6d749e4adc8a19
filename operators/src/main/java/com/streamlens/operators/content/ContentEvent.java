package com.streamlens.operators.content;

/** An interaction as the content job reads it (who, which item, how strongly, the page's text when it is a view), or a catalogue record. */
public class ContentEvent {
    public static final int VIEW = 0;
    public static final int CART = 1;
    public static final int PURCHASE = 2;
    /** A record of the store's catalogue (the {@code items} topic): no visitor. */
    public static final int ITEM = 3;
    /** The visitor's latest iALS list (read back from the recommendations topic), for the hybrid list. */
    public static final int ALS_LIST = 4;

    public String siteId;
    public String userId;
    public String itemId;
    /** {@link #VIEW}, {@link #CART}, {@link #PURCHASE}, {@link #ITEM} or {@link #ALS_LIST}. */
    public int kind;
    /** The page's h1 and title (views), null otherwise. */
    public String text;
    public long ts;
    /** A catalogue record taking the item out (unavailable, or deleted). */
    public boolean retired;
    /** {@link #ALS_LIST}: the iALS list's items and scores, best first. */
    public String[] alsItems;
    public float[] alsScores;

    public ContentEvent() {}

    public ContentEvent(String siteId, String userId, String itemId, int kind, String text, long ts) {
        this.siteId = siteId;
        this.userId = userId;
        this.itemId = itemId;
        this.kind = kind;
        this.text = text;
        this.ts = ts;
    }
}
