package com.streamlens.operators.content;

import java.io.Serializable;
import java.util.List;

/**
 * The content job's settings: the model's ({@link ContentSettings}), the list length, how soon a list is rewritten after an
 * interaction (bursts within it coalesce), the strengths of a view, an add-to-cart and a purchase, how many recent items a
 * profile keeps (left out of its list), how long a profile lives without activity, each site's special words, and when a
 * bought item counts as replenishable (a share of its buyers bought it again, over at least a number of buyers).
 */
public record ContentJobSettings(ContentSettings model, int topN, long refreshDelayMs, float viewStrength, float cartStrength,
                                 float purchaseStrength, int recentItems, long profileTtlMs, List<String> specialWords,
                                 double repurchaseShare, int minBuyers) implements Serializable {
    public ContentJobSettings {
        if (topN < 1) throw new IllegalArgumentException("top-n must be ≥ 1, got " + topN);
        if (refreshDelayMs < 0) throw new IllegalArgumentException("the refresh delay must be ≥ 0, got " + refreshDelayMs);
        if (!(viewStrength > 0 && cartStrength > 0 && purchaseStrength > 0)) throw new IllegalArgumentException("strengths must be positive");
        if (recentItems < 1) throw new IllegalArgumentException("recent items must be ≥ 1, got " + recentItems);
        if (profileTtlMs < 60_000) throw new IllegalArgumentException("the profile TTL must be ≥ 1 minute, got " + profileTtlMs + " ms");
        specialWords = List.copyOf(specialWords);
        if (!(repurchaseShare > 0 && repurchaseShare <= 1)) throw new IllegalArgumentException("the repurchase share must be in (0, 1], got " + repurchaseShare);
        if (minBuyers < 1) throw new IllegalArgumentException("min buyers must be ≥ 1, got " + minBuyers);
    }

    public static ContentJobSettings defaults() {
        return new ContentJobSettings(ContentSettings.defaults(), 20, 200, 1f, 3f, 5f, 50, 90L * ContentSettings.DAY_MS, List.of(), 0.3, 5);
    }

    /** view < add_to_cart < purchase. */
    public float strength(int kind) {
        return switch (kind) {
            case ContentEvent.PURCHASE -> purchaseStrength;
            case ContentEvent.CART -> cartStrength;
            default -> viewStrength;
        };
    }
}
