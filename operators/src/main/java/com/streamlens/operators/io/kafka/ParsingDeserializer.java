package com.streamlens.operators.io.kafka;

import com.streamlens.state.events.DeadLetter;
import com.streamlens.state.events.ParseResult;
import com.streamlens.state.events.RawRecord;
import com.streamlens.state.serde.EventParser;
import com.streamlens.state.serde.InvalidEventException;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Parses each record in the source, so that watermarks can be generated there per partition from validated event
 * times; a record that does not parse becomes a dead letter with its reason and provenance, never an exception.
 */
public class ParsingDeserializer<T> implements KafkaRecordDeserializationSchema<ParseResult<T>> {
    private final EventParser<T> parser;
    private final TypeInformation<ParseResult<T>> producedType;

    public ParsingDeserializer(EventParser<T> parser, TypeInformation<T> eventType) {
        this.parser = parser;
        this.producedType = typeOf(eventType);
    }

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<ParseResult<T>> out) {
        RawRecord raw = new RawRecord(record.topic(), record.partition(), record.offset(), record.timestamp(), record.value());
        raw.key = record.key();
        out.collect(parse(parser, raw));
    }

    /** One record through the parser; a tombstone (key, no value) through its tombstone rule. */
    public static <T> ParseResult<T> parse(EventParser<T> parser, RawRecord raw) {
        try {
            return ParseResult.ok(raw.payload == null && raw.key != null
                    ? parser.parseTombstone(raw.key, raw.kafkaTimestamp) : parser.parse(raw.payload));
        } catch (InvalidEventException e) {
            return ParseResult.rejected(DeadLetter.of(raw, e.getMessage(), System.currentTimeMillis()));
        } catch (RuntimeException e) {
            // A parser bug must not take the job down either; the reason names it for whoever fixes it.
            return ParseResult.rejected(DeadLetter.of(raw, "parser error: " + e, System.currentTimeMillis()));
        }
    }

    /** A POJO type with the event's own serializer (a generic one would fall back to Kryo for every copy). */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public static <T> TypeInformation<ParseResult<T>> typeOf(TypeInformation<T> eventType) {
        return (TypeInformation) Types.POJO(ParseResult.class, Map.of("event", eventType, "rejected", TypeInformation.of(DeadLetter.class)));
    }

    @Override
    public TypeInformation<ParseResult<T>> getProducedType() {
        return producedType;
    }
}
