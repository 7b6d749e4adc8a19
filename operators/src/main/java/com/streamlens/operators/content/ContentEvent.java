package com.streamlens.operators.content;

/** An interaction as the content job reads it: who, which item, how strongly, and the page's text when it is a view. */
public class ContentEvent {
    public static final int VIEW = 0;
    public static final int CART = 1;
    public static final int PURCHASE = 2;

    public String siteId;
    public String userId;
    public String itemId;
    /** {@link #VIEW}, {@link #CART} or {@link #PURCHASE}. */
    public int kind;
    /** The page's h1 and title (views), null otherwise. */
    public String text;
    public long ts;

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
