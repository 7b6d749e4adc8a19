package com.streamlens.state.redis;

/** Every Redis key name the product writes (README's Redis table lists them with types and TTLs). */
public final class RedisKeys {
    private RedisKeys() {}

    /** Latest window of one H3 cell: JSON string. */
    public static String geoCell(int resolution, String cell) {
        return "geo:cell:" + resolution + ":" + cell;
    }

    /** The whole latest map at one resolution: JSON string. */
    public static String geoMap(int resolution) {
        return "geo:map:" + resolution + ":latest";
    }

    /** A site's trimmed-median page-load time: JSON string. */
    public static String siteSpeed(String siteId) {
        return "speed:site:" + siteId;
    }

    /** One experiment's statistics for dashboards: hash, field "{variant}:{metric}" → JSON row. */
    public static String abExperiment(String experiment) {
        return "ab:" + experiment;
    }

    /** A user's mail summary: hash with mails, spam, category:{class}, overridden, skipped, last_verdicts (JSON list of the latest 10). */
    public static String mailUser(String userId) {
        return "mail:user:" + userId;
    }

    /** A user's personal mail rules for the mail UI: hash, field rule id ({@code sender:addr}, …) → JSON rule. */
    public static String mailRules(String userId) {
        return "mail:rules:" + userId;
    }

    /** A model's rollout (scripts/model status reads it): hash with serving_version, candidate_version, stage_percent, state, reason, the gate's figures. */
    public static String model(String name) {
        return "model:" + name;
    }

    /** A user's personal top-N: JSON {items, scores, model_version, ts}. */
    public static String userRecommendations(String userId) {
        return "reco:user:" + userId;
    }

    /** An item's most similar items by factor cosine: JSON like the user list. */
    public static String similarItems(String itemId) {
        return "reco:similar:" + itemId;
    }

    /** Popular items of a site (or "_all" for every site), decayed counts: JSON like the user list. */
    public static String popularItems(String siteId) {
        return "reco:popular:" + siteId;
    }

    /** A visitor's content-based top-N (tags of what they read): JSON like the user list. */
    public static String contentRecommendations(String userId) {
        return "reco:content:" + userId;
    }

    /** A visitor's weighted content tags (for marketing segments): JSON {kind "profile", id, items = tags, scores = weights, ts}. */
    public static String userProfile(String userId) {
        return "profile:user:" + userId;
    }

    /** A visitor's hybrid list: their iALS list blended with content candidates (docs/models/content.md): JSON like the user list. */
    public static String hybridRecommendations(String userId) {
        return "reco:hybrid:" + userId;
    }

    /** An item's most similar items by content tags: what a website shows when {@link #similarItems} is absent (a new item). */
    public static String similarByContent(String itemId) {
        return "reco:similar-content:" + itemId;
    }

    /** The antibot's latest verdict on a visitor (what a website reads to decide on a CAPTCHA): hash score, verdict, stage, reasons, model_version, ts. */
    public static String botVisitor(String userId) {
        return "bot:visitor:" + userId;
    }

    /** An IP's sessions and bot verdicts today: hash sessions, bot_sessions, visitors, last_verdict, last_score, day. */
    public static String botIp(String ip) {
        return "bot:ip:" + ip;
    }

    /** A customer's latest churn score per site: hash, field site id → JSON {probability, top_features, model_version, as_of, trigger}. */
    public static String churnUser(String userId) {
        return "churn:user:" + userId;
    }

    /** A site's customers most likely to leave: sorted set user → churn probability, the top 10,000 kept. */
    public static String churnAtRisk(String siteId) {
        return "churn:at-risk:" + siteId;
    }
}
