package com.streamlens.state.records;

/**
 * Per-user metrics of an experiment, counted from the user's first exposure on. The index is the slot in
 * the per-user value vector; {@link #SESSIONS} is the denominator of the ratio metric revenue per session.
 */
public enum AbMetric {
    /** 1 once the user purchased or converted: a rate. */
    CONVERSION("conversion", true),
    REVENUE("revenue", false),
    PAGE_VIEWS("page_views", false),
    ADD_TO_CART("add_to_cart", false),
    SESSIONS("sessions", false);

    public final String wireName;
    public final boolean isRate;

    AbMetric(String wireName, boolean isRate) {
        this.wireName = wireName;
        this.isRate = isRate;
    }

    /** Name of the ratio metric reported beside the per-user ones. */
    public static final String REVENUE_PER_SESSION = "revenue_per_session";
}
