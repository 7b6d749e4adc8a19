package com.streamlens.state.serde;

import com.fasterxml.jackson.databind.ObjectReader;
import com.streamlens.state.records.Recommendation;

/** Records of the {@code recommendations} topic as the content job reads them back: a kind, an id, items with as many scores. */
public final class RecommendationParser implements EventParser<Recommendation> {
    private static final ObjectReader READER = Json.MAPPER.readerFor(Recommendation.class);
    public static final int MAX_PAYLOAD_BYTES = 256 * 1024;

    @Override
    public Recommendation parse(byte[] payload) throws InvalidEventException {
        Recommendation r = Checks.read(payload, MAX_PAYLOAD_BYTES, READER);
        Checks.requiredId(r.kind, "kind");
        Checks.requiredId(r.id, "id");
        if (r.items == null || r.scores == null) throw new InvalidEventException("items and scores are required");
        if (r.items.length != r.scores.length) {
            throw new InvalidEventException("items and scores differ in length: " + r.items.length + " vs " + r.scores.length);
        }
        for (float s : r.scores) if (!Float.isFinite(s)) throw new InvalidEventException("non-finite score");
        return r;
    }
}
