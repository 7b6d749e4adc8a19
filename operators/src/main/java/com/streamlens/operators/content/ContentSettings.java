package com.streamlens.operators.content;

/**
 * The content recommender's parameters. {@code profileTags}: a profile's size (weakest evicted); {@code itemTags}: an item
 * vector's size; {@code halfLifeMs}: the profile's decay; {@code maxShare}: tags in more items than this share are dropped;
 * {@code userHalf}/{@code itemHalf}/{@code contentWeight}: the hybrid's k_u, k_i and w ({@link HybridBlend}).
 */
public record ContentSettings(int profileTags, int itemTags, long halfLifeMs, double maxShare, double userHalf, double itemHalf,
                              double contentWeight) implements java.io.Serializable {
    public static final long DAY_MS = 86_400_000L;

    public ContentSettings {
        if (profileTags < 1 || itemTags < 1) throw new IllegalArgumentException("tag counts must be ≥ 1");
        if (halfLifeMs <= 0) throw new IllegalArgumentException("the half-life must be positive, got " + halfLifeMs + " ms");
        if (!(maxShare > 0 && maxShare <= 1)) throw new IllegalArgumentException("maxShare must be in (0, 1], got " + maxShare);
        if (!(userHalf >= 0 && itemHalf >= 0)) throw new IllegalArgumentException("k_u and k_i must be ≥ 0");
        if (!(contentWeight > 0 && contentWeight <= 1)) throw new IllegalArgumentException("the content weight must be in (0, 1], got " + contentWeight);
    }

    /**
     * The job's defaults: 50 profile tags, 30 item tags, a 7-day half-life, tags in > 10% of items dropped; the blend's
     * k_u = 5, k_i = 0, w = 0.2 as chosen on MovieLens' validation split (docs/models/content.md).
     */
    public static ContentSettings defaults() {
        return new ContentSettings(50, 30, 7 * DAY_MS, 0.1, 5, 0, 0.2);
    }

    public ContentSettings withHalfLife(long ms) {
        return new ContentSettings(profileTags, itemTags, ms, maxShare, userHalf, itemHalf, contentWeight);
    }

    public ContentSettings withBlend(double ku, double ki, double w) {
        return new ContentSettings(profileTags, itemTags, halfLifeMs, maxShare, ku, ki, w);
    }

    public String describe() {
        return String.format("profile-tags=%d item-tags=%d half-life-days=%s max-share=%s k_u=%s k_i=%s content-weight=%s", profileTags,
                itemTags, halfLifeMs / (double) DAY_MS, maxShare, userHalf, itemHalf, contentWeight);
    }
}
