package com.streamlens.state.events;

/** A Kafka record's bytes with its provenance, before parsing; what a dead letter points back to. */
public class RawRecord {
    public String topic;
    public int partition;
    public long offset;
    public long kafkaTimestamp;
    public byte[] payload;
    /** The Kafka record's key (null if it had none): names what a tombstone (null payload) deletes. */
    public byte[] key;

    public RawRecord() {}

    public RawRecord(String topic, int partition, long offset, long kafkaTimestamp, byte[] payload) {
        this.topic = topic;
        this.partition = partition;
        this.offset = offset;
        this.kafkaTimestamp = kafkaTimestamp;
        this.payload = payload;
    }

    /** A record that did not come from Kafka (tests, benchmarks, generators). */
    public static RawRecord of(String topic, byte[] payload) {
        return new RawRecord(topic, -1, -1L, -1L, payload);
    }
}
