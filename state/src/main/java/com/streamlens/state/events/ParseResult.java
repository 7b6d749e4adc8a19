package com.streamlens.state.events;

/**
 * What parsing one Kafka record gave: a valid event, or the dead letter saying why not. Parsing happens in the Kafka
 * source's deserializer, so event-time watermarks can be generated there, per partition, from validated timestamps.
 */
public class ParseResult<T> {
    /** The event; null when the record was rejected. */
    public T event;
    /** Why the record was rejected, with its provenance; null when it parsed. */
    public DeadLetter rejected;

    public ParseResult() {}

    public static <T> ParseResult<T> ok(T event) {
        ParseResult<T> r = new ParseResult<>();
        r.event = event;
        return r;
    }

    public static <T> ParseResult<T> rejected(DeadLetter deadLetter) {
        ParseResult<T> r = new ParseResult<>();
        r.rejected = deadLetter;
        return r;
    }
}
