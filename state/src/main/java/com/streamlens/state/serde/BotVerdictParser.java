package com.streamlens.state.serde;

import com.fasterxml.jackson.databind.ObjectReader;
import com.streamlens.state.records.BotVerdict;

/** Records of {@code bot-verdicts} as the recommendations and A/B jobs read them back to drop bots' events. */
public final class BotVerdictParser implements EventParser<BotVerdict> {
    private static final ObjectReader READER = Json.MAPPER.readerFor(BotVerdict.class);
    public static final int MAX_PAYLOAD_BYTES = 16 * 1024;

    @Override
    public BotVerdict parse(byte[] payload) throws InvalidEventException {
        BotVerdict v = Checks.read(payload, MAX_PAYLOAD_BYTES, READER);
        Checks.requiredId(v.userId, "user_id");
        Checks.required(v.verdict, "verdict");
        if (!v.verdict.equals(BotVerdict.BOT) && !v.verdict.equals(BotVerdict.HUMAN)) {
            throw new InvalidEventException("invalid value for field 'verdict': " + v.verdict + " (bot or human)");
        }
        if (!Double.isFinite(v.score) || v.score < 0 || v.score > 1) throw new InvalidEventException("out of range field 'score': " + v.score);
        return v;
    }
}
