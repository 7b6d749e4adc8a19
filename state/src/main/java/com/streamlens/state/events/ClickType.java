package com.streamlens.state.events;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Clickstream event types; the JSON names are the wire format (schema v1). */
public enum ClickType {
    @JsonProperty("page_view") PAGE_VIEW,
    @JsonProperty("add_to_cart") ADD_TO_CART,
    @JsonProperty("purchase") PURCHASE,
    @JsonProperty("page_timing") PAGE_TIMING,
    @JsonProperty("ab_exposure") AB_EXPOSURE,
    @JsonProperty("conversion") CONVERSION,
    /** A cancelled or returned purchase (order_id, item_id, quantity, price, revenue: the amount given back). */
    @JsonProperty("refund") REFUND
}
