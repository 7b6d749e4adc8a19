package com.streamlens.operators.io.kafka;

import com.streamlens.state.records.RawRecord;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Keeps the bytes and where they came from; parsing happens in an operator that can route failures to the DLQ. */
public class RawRecordDeserializer implements KafkaRecordDeserializationSchema<RawRecord> {
    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<RawRecord> out) {
        RawRecord raw = new RawRecord(record.topic(), record.partition(), record.offset(), record.timestamp(), record.value());
        raw.key = record.key();
        out.collect(raw);
    }

    @Override
    public TypeInformation<RawRecord> getProducedType() {
        return TypeInformation.of(RawRecord.class);
    }
}
