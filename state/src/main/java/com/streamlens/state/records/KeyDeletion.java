package com.streamlens.state.records;

/** A record that can stand for the deletion of its key on a compacted topic (written as a Kafka tombstone: key, no value). */
public interface KeyDeletion {
    /** True when this record deletes its key instead of carrying a value. */
    boolean deletesKey();
}
