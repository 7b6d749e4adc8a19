package com.streamlens.state.serde;

import java.io.Serializable;

/** Turns one raw payload into a valid event or says why it cannot. */
public interface EventParser<T> extends Serializable {
    T parse(byte[] payload) throws InvalidEventException;

    /**
     * A record with a key and no value: on a compacted topic, the deletion of that key, written at {@code kafkaTimestamp}
     * (≤ 0 when the record has none). Only some topics have them.
     */
    default T parseTombstone(byte[] key, long kafkaTimestamp) throws InvalidEventException {
        throw new InvalidEventException("empty payload");
    }
}
