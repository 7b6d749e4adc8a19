package com.streamlens.state.events;

/** An input the product could not use, with why (topic {@code dead-letters}). */
public class DeadLetter {
    /** Raw payloads are kept up to this many bytes so one huge message cannot break the DLQ too. */
    public static final int MAX_PAYLOAD_CHARS = 65_536;

    /** The job that rejected it (its name, e.g. {@code streamlens-geo-activity}): every job reading a topic rejects its bad records once. */
    public String job;
    public String sourceTopic;
    public int partition;
    public long offset;
    public String reason;
    /** The raw payload as UTF-8 text (malformed bytes replaced), truncated to MAX_PAYLOAD_CHARS. */
    public String payload;
    public boolean payloadTruncated;
    /** Wall-clock ms when the product rejected it. */
    public long rejectedAt;

    public DeadLetter() {}

    public static DeadLetter of(RawRecord raw, String reason, long rejectedAt) {
        DeadLetter d = new DeadLetter();
        d.sourceTopic = raw.topic;
        d.partition = raw.partition;
        d.offset = raw.offset;
        d.reason = reason;
        String text = raw.payload == null ? "" : new String(raw.payload, java.nio.charset.StandardCharsets.UTF_8);
        d.payloadTruncated = text.length() > MAX_PAYLOAD_CHARS;
        d.payload = d.payloadTruncated ? text.substring(0, MAX_PAYLOAD_CHARS) : text;
        d.rejectedAt = rejectedAt;
        return d;
    }
}
