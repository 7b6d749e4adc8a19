package com.streamlens.operators.io.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import com.streamlens.state.records.ItemFactor;
import com.streamlens.state.serde.ItemFactorParser;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

class JsonRecordSerializerTest {
    private final JsonRecordSerializer<ItemFactor> serializer = new JsonRecordSerializer<>("item-factors", f -> f.itemId);

    @Test
    void aRowIsKeyedJsonThatParsesBack() throws Exception {
        ProducerRecord<byte[], byte[]> r = serializer.serialize(new ItemFactor("sku-1", new float[] {1f, -2f}, 3, 5L), null, 7L);
        assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo("sku-1");
        assertThat(r.timestamp()).isEqualTo(7L);
        ItemFactor back = new ItemFactorParser().parse(r.value());
        assertThat(back.factors).containsExactly(1f, -2f);
        assertThat(back.support).isEqualTo(3.0);
        assertThat(new String(r.value(), StandardCharsets.UTF_8)).doesNotContain("retirement");
    }

    @Test
    void aRetirementIsATombstone() {
        ProducerRecord<byte[], byte[]> r = serializer.serialize(ItemFactor.retirement("sku-1", 5L), null, 7L);
        assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo("sku-1");
        assertThat(r.value()).as("compaction deletes the key").isNull();
    }
}
