package com.streamlens.state.serde;

import com.fasterxml.jackson.databind.ObjectReader;
import com.streamlens.state.records.ItemFactor;

/**
 * Records of the {@code item-factors} topic: an item id and finite factors, the snapshot's user Gram record, or a
 * tombstone (key, no value) that retires the item.
 */
public final class ItemFactorParser implements EventParser<ItemFactor> {
    private static final ObjectReader READER = Json.MAPPER.readerFor(ItemFactor.class);
    /** k ≤ 1024 floats of JSON, or the user Gram's k² doubles at k ≤ 256. */
    public static final int MAX_PAYLOAD_BYTES = 2 * 1024 * 1024;

    @Override
    public ItemFactor parse(byte[] payload) throws InvalidEventException {
        ItemFactor f = Checks.read(payload, MAX_PAYLOAD_BYTES, READER);
        Checks.requiredId(f.itemId, "item_id");
        if (f.isUserGram()) {
            if (f.gram == null || f.gram.length == 0) throw new InvalidEventException("user Gram record without gram");
            for (double v : f.gram) if (!Double.isFinite(v)) throw new InvalidEventException("user Gram has a non-finite entry");
            return f;
        }
        if (f.factors == null || f.factors.length == 0) throw new InvalidEventException("factors missing");
        if (f.factors.length > 1024) throw new InvalidEventException("more than 1024 factors: " + f.factors.length);
        for (float v : f.factors) if (!Float.isFinite(v)) throw new InvalidEventException("non-finite factor");
        if (!(f.support >= 0) || Double.isInfinite(f.support)) throw new InvalidEventException("support must be a finite number ≥ 0");
        return f;
    }

    @Override
    public ItemFactor parseTombstone(byte[] key, long kafkaTimestamp) throws InvalidEventException {
        String itemId = new String(key, java.nio.charset.StandardCharsets.UTF_8);
        Checks.requiredId(itemId, "item_id (tombstone key)");
        if (ItemFactor.USER_GRAM_ID.equals(itemId)) throw new InvalidEventException("tombstone for the user Gram record");
        // The record's own time: read again (a restart from the topic's start), it still says when the item went.
        return ItemFactor.retirement(itemId, kafkaTimestamp > 0 ? kafkaTimestamp : System.currentTimeMillis());
    }
}
