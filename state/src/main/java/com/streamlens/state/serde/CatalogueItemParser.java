package com.streamlens.state.serde;

import com.fasterxml.jackson.databind.ObjectReader;
import com.streamlens.state.events.CatalogueItem;
import java.nio.charset.StandardCharsets;

/**
 * Records of the {@code items} topic: {@code item_id} and {@code site_id} required, a non-blank {@code title} of at most
 * 1,000 characters, a {@code description} of at most 20,000, a {@code category} path of at most 500, a finite
 * {@code price} ≥ 0 when given; a tombstone (key {@code {site_id}:{item_id}}, no value) retires the item.
 */
public final class CatalogueItemParser implements EventParser<CatalogueItem> {
    private static final ObjectReader READER = Json.MAPPER.readerFor(CatalogueItem.class);
    public static final int MAX_PAYLOAD_BYTES = 64 * 1024;

    @Override
    public CatalogueItem parse(byte[] payload) throws InvalidEventException {
        CatalogueItem i = Checks.read(payload, MAX_PAYLOAD_BYTES, READER);
        Checks.requiredId(i.itemId, "item_id");
        Checks.requiredId(i.siteId, "site_id");
        if (i.title == null || i.title.isBlank()) throw new InvalidEventException("missing required field 'title'");
        if (i.title.length() > 1000) throw new InvalidEventException("title longer than 1000 characters: " + i.title.length());
        if (i.description != null && i.description.length() > 20_000) throw new InvalidEventException("description longer than 20000 characters");
        if (i.category != null && i.category.length() > 500) throw new InvalidEventException("category longer than 500 characters");
        if (i.price != null && !(Double.isFinite(i.price) && i.price >= 0)) throw new InvalidEventException("price must be a finite number ≥ 0, got " + i.price);
        return i;
    }

    @Override
    public CatalogueItem parseTombstone(byte[] key, long kafkaTimestamp) throws InvalidEventException {
        String k = key == null ? "" : new String(key, StandardCharsets.UTF_8);
        int colon = k.indexOf(':');
        if (colon <= 0 || colon == k.length() - 1) throw new InvalidEventException("tombstone key must be {site_id}:{item_id}, got '" + k + "'");
        CatalogueItem gone = new CatalogueItem();
        gone.siteId = k.substring(0, colon);
        gone.itemId = k.substring(colon + 1);
        Checks.requiredId(gone.siteId, "site_id (tombstone key)");
        Checks.requiredId(gone.itemId, "item_id (tombstone key)");
        gone.available = false;
        gone.ts = kafkaTimestamp > 0 ? kafkaTimestamp : System.currentTimeMillis();
        return gone;
    }
}
