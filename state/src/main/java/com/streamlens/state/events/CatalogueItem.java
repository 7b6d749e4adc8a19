package com.streamlens.state.events;

/**
 * A record of the compacted {@code items} topic (key {@code {site_id}:{item_id}}): what a store says about one of its
 * items. {@code available = false}, or a tombstone, takes the item out of content lists. POJO, snake_case on the wire.
 */
public class CatalogueItem {
    public String itemId;
    public String siteId;
    public String title;
    public String description;
    /** The category path, "Авто/Шины/Летние". */
    public String category;
    public Double price;
    public Boolean available;
    /** When the store changed the record (ms); the Kafka timestamp when absent. */
    public long ts;

    public CatalogueItem() {}

    public boolean isAvailable() {
        return available == null || available;
    }

    /** The text the item's tags come from: title, category path and description. */
    public String text() {
        StringBuilder sb = new StringBuilder(title == null ? "" : title);
        if (category != null && !category.isBlank()) sb.append(' ').append(category.replace('/', ' '));
        if (description != null && !description.isBlank()) sb.append(' ').append(description);
        return sb.toString();
    }
}
