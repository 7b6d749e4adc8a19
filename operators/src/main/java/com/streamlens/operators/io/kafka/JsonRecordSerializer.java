package com.streamlens.operators.io.kafka;

import com.streamlens.state.records.KeyDeletion;
import com.streamlens.state.serde.Json;
import java.nio.charset.StandardCharsets;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Writes records as JSON (the product's snake_case mapping) with a key, so compacted/upsert readers can use it; a
 * {@link KeyDeletion} that deletes its key goes out as a tombstone (key, null value).
 */
public class JsonRecordSerializer<T> implements KafkaRecordSerializationSchema<T> {
    private final String topic;
    private final KeyOf<T> keyOf;

    public JsonRecordSerializer(String topic, KeyOf<T> keyOf) {
        this.topic = topic;
        this.keyOf = keyOf;
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(T element, KafkaSinkContext context, Long timestamp) {
        String key = keyOf.apply(element);
        return new ProducerRecord<>(topic, null, timestamp,
                key == null ? null : key.getBytes(StandardCharsets.UTF_8),
                element instanceof KeyDeletion d && d.deletesKey() ? null : Json.toBytes(element));
    }
}
