package com.streamlens.state.records;

/**
 * A ranked item list for websites and downstream systems (topic {@code recommendations}, key
 * {@link #key()}; Redis keys in README): a user's personal top-N, an item's similar items, or a popular list.
 */
public class Recommendation {
    public static final String USER = "user";
    public static final String SIMILAR = "similar";
    public static final String POPULAR = "popular";
    /** The content job's tag-based list for a visitor. */
    public static final String CONTENT = "content";
    /** The content job's visitor profile: items = tags, scores = weights. */
    public static final String PROFILE = "profile";
    /** The content job's blend of the visitor's iALS list and their content candidates. */
    public static final String HYBRID = "hybrid";
    /** The content job's items most like an item by their tags (for items iALS has no row for). */
    public static final String SIMILAR_CONTENT = "similar-content";
    /** The id of the popular list over all sites. */
    public static final String ALL_SITES = "_all";

    /** {@link #USER}, {@link #SIMILAR}, {@link #POPULAR}, {@link #CONTENT}, {@link #PROFILE}, {@link #HYBRID} or {@link #SIMILAR_CONTENT}. */
    public String kind;
    /** The user id, item id or site id (or {@link #ALL_SITES}) the list is for. */
    public String id;
    public String[] items;
    public float[] scores;
    /** Item-row updates the scoring subtask had applied: grows with every model change. */
    public long modelVersion;
    public long ts;

    public Recommendation() {}

    public Recommendation(String kind, String id, String[] items, float[] scores, long modelVersion, long ts) {
        this.kind = kind;
        this.id = id;
        this.items = items;
        this.scores = scores;
        this.modelVersion = modelVersion;
        this.ts = ts;
    }

    public String key() {
        return kind + ":" + id;
    }
}
