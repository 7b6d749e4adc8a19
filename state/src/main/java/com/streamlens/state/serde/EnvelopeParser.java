package com.streamlens.state.serde;

import com.fasterxml.jackson.databind.ObjectReader;

/**
 * The outline every versioned event parser shares: a size-bounded JSON read, the envelope each event carries (schema,
 * event_id, type, user_id, ts), then the checks of the event's own fields. Never lets a bad payload through.
 */
public abstract class EnvelopeParser<T> implements EventParser<T> {
    private final Class<T> type;
    private final int maxPayloadBytes;
    /** Built once per parser instance (ObjectReaders are immutable and thread-safe); not shipped with the job graph. */
    private transient ObjectReader reader;

    protected EnvelopeParser(Class<T> type, int maxPayloadBytes) {
        this.type = type;
        this.maxPayloadBytes = maxPayloadBytes;
    }

    @Override
    public final T parse(byte[] payload) throws InvalidEventException {
        if (reader == null) reader = Json.MAPPER.readerFor(type);
        T e = Checks.read(payload, maxPayloadBytes, reader);
        validate(e, System.currentTimeMillis());
        return e;
    }

    /** The envelope's checks, in the order the schema documents its fields. */
    static void envelope(int schema, int supported, String eventId, Object type, String userId, long ts, long nowMs)
            throws InvalidEventException {
        Checks.schema(schema, supported);
        Checks.requiredId(eventId, "event_id");
        Checks.required(type, "type");
        Checks.requiredId(userId, "user_id");
        Checks.timestamp(ts, nowMs);
    }

    /** The envelope (call {@link #envelope}) and then the event's own fields, relative to the wall clock {@code nowMs}. */
    abstract void validate(T event, long nowMs) throws InvalidEventException;
}
