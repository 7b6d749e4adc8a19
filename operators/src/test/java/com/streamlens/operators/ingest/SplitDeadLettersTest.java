package com.streamlens.operators.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.streamlens.operators.io.kafka.ParsingDeserializer;
import com.streamlens.state.events.ClickEvent;
import com.streamlens.state.events.DeadLetter;
import com.streamlens.state.events.ParseResult;
import com.streamlens.state.events.RawRecord;
import com.streamlens.state.records.ItemFactor;
import com.streamlens.state.serde.ClickEventParser;
import com.streamlens.state.serde.EventParser;
import com.streamlens.state.serde.ItemFactorParser;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.util.ListCollector;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** Parsing in the source's deserializer, then the split into events and dead letters. */
class SplitDeadLettersTest {
    static final String VALID = "{\"schema\":1,\"event_id\":\"e1\",\"type\":\"page_view\",\"site_id\":\"shop-1\","
            + "\"user_id\":\"u1\",\"session_id\":\"s1\",\"ts\":1763900000000,\"url\":\"https://shop/1\"}";

    @Test
    void validEventsPassAndBadOnesBecomeDeadLettersWithProvenance() throws Exception {
        try (OneInputStreamOperatorTestHarness<ParseResult<ClickEvent>, ClickEvent> h =
                     ProcessFunctionTestHarnesses.forProcessFunction(new SplitDeadLetters<ClickEvent>("test-job"))) {
            h.processElement(ParsingDeserializer.parse(CLICKS, new RawRecord("clickstream", 2, 40, 0, VALID.getBytes(StandardCharsets.UTF_8))), 0);
            h.processElement(ParsingDeserializer.parse(CLICKS, new RawRecord("clickstream", 2, 41, 0, "{not json".getBytes(StandardCharsets.UTF_8))), 0);
            h.processElement(ParsingDeserializer.parse(CLICKS, new RawRecord("clickstream", 3, 7, 0, null)), 0);

            List<ClickEvent> out = h.extractOutputValues();
            assertThat(out).hasSize(1);
            assertThat(out.get(0).eventId).isEqualTo("e1");

            List<DeadLetter> dead = h.getSideOutput(SplitDeadLetters.DEAD_LETTERS).stream().map(StreamRecord::getValue).toList();
            assertThat(dead).hasSize(2);
            assertThat(dead.get(0).reason).startsWith("bad JSON");
            assertThat(dead.get(0).payload).isEqualTo("{not json");
            assertThat(dead.get(0).sourceTopic).isEqualTo("clickstream");
            assertThat(dead.get(0).partition).isEqualTo(2);
            assertThat(dead.get(0).offset).isEqualTo(41);
            assertThat(dead).extracting(d -> d.job).as("each names the job that rejected it").containsOnly("test-job");
            assertThat(dead.get(1).reason).isEqualTo("empty payload");
        }
    }

    @Test
    void aTombstoneRetiresAnItemOnItemFactorsAndIsADeadLetterElsewhere() throws Exception {
        try (OneInputStreamOperatorTestHarness<ParseResult<ItemFactor>, ItemFactor> h =
                     ProcessFunctionTestHarnesses.forProcessFunction(new SplitDeadLetters<ItemFactor>("test-job"))) {
            h.processElement(ParsingDeserializer.parse(ITEMS, tombstone("item-factors", "sku-9")), 0);
            h.processElement(ParsingDeserializer.parse(ITEMS, tombstone("item-factors", ItemFactor.USER_GRAM_ID)), 0);
            h.processElement(ParsingDeserializer.parse(ITEMS, new RawRecord("item-factors", 0, 3, 0, null)), 0); // no key: nothing to delete
            assertThat(h.extractOutputValues()).singleElement().satisfies(f -> {
                assertThat(f.itemId).isEqualTo("sku-9");
                assertThat(f.isRetirement()).isTrue();
                assertThat(f.updatedAt).as("retired when the tombstone was written").isEqualTo(TOMBSTONE_WRITTEN_AT);
            });
            assertThat(h.getSideOutput(SplitDeadLetters.DEAD_LETTERS)).extracting(r -> r.getValue().reason)
                    .containsExactly("tombstone for the user Gram record", "empty payload");
        }
        try (OneInputStreamOperatorTestHarness<ParseResult<ClickEvent>, ClickEvent> h =
                     ProcessFunctionTestHarnesses.forProcessFunction(new SplitDeadLetters<ClickEvent>("test-job"))) {
            h.processElement(ParsingDeserializer.parse(CLICKS, tombstone("clickstream", "u1")), 0);
            assertThat(h.extractOutputValues()).isEmpty();
            assertThat(h.getSideOutput(SplitDeadLetters.DEAD_LETTERS)).extracting(r -> r.getValue().reason).containsExactly("empty payload");
        }
    }

    static final ClickEventParser CLICKS = new ClickEventParser();
    static final ItemFactorParser ITEMS = new ItemFactorParser();

    static final long TOMBSTONE_WRITTEN_AT = 1_795_000_000_000L;

    static RawRecord tombstone(String topic, String key) {
        RawRecord r = new RawRecord(topic, 0, 1, TOMBSTONE_WRITTEN_AT, null);
        r.key = key.getBytes(StandardCharsets.UTF_8);
        return r;
    }

    @Test
    void oversizedPayloadIsTruncatedInTheDeadLetter() throws Exception {
        try (OneInputStreamOperatorTestHarness<ParseResult<ClickEvent>, ClickEvent> h =
                     ProcessFunctionTestHarnesses.forProcessFunction(new SplitDeadLetters<ClickEvent>("test-job"))) {
            byte[] huge = ("\"" + "z".repeat(DeadLetter.MAX_PAYLOAD_CHARS * 2) + "\"").getBytes(StandardCharsets.UTF_8);
            h.processElement(ParsingDeserializer.parse(CLICKS, RawRecord.of("clickstream", huge)), 0);
            DeadLetter d = h.getSideOutput(SplitDeadLetters.DEAD_LETTERS).poll().getValue();
            assertThat(d.reason).startsWith("payload too large");
            assertThat(d.payloadTruncated).isTrue();
            assertThat(d.payload).hasSize(DeadLetter.MAX_PAYLOAD_CHARS);
            assertThat(h.extractOutputValues()).isEmpty();
        }
    }

    @Test
    void theSourceDeserializerParsesWithProvenanceAndKeyAndSurvivesAParserBug() {
        List<ParseResult<ItemFactor>> out = new ArrayList<>();
        ConsumerRecord<byte[], byte[]> tombstone = new ConsumerRecord<>("item-factors", 1, 17, "sku-3".getBytes(StandardCharsets.UTF_8), null);
        new ParsingDeserializer<>(ITEMS, TypeInformation.of(ItemFactor.class)).deserialize(tombstone, new ListCollector<>(out));
        assertThat(out).singleElement().satisfies(r -> {
            assertThat(r.rejected).isNull();
            assertThat(r.event.itemId).isEqualTo("sku-3");
            assertThat(r.event.isRetirement()).isTrue();
        });

        EventParser<ClickEvent> buggy = payload -> { throw new IllegalStateException("boom"); };
        List<ParseResult<ClickEvent>> bad = new ArrayList<>();
        new ParsingDeserializer<>(buggy, TypeInformation.of(ClickEvent.class))
                .deserialize(new ConsumerRecord<>("clickstream", 2, 99, null, VALID.getBytes(StandardCharsets.UTF_8)), new ListCollector<>(bad));
        assertThat(bad).singleElement().satisfies(r -> {
            assertThat(r.event).isNull();
            assertThat(r.rejected.reason).isEqualTo("parser error: java.lang.IllegalStateException: boom");
            assertThat(r.rejected.partition).isEqualTo(2);
            assertThat(r.rejected.offset).isEqualTo(99);
            assertThat(r.rejected.payload).isEqualTo(VALID);
        });
    }

    @Test
    void theProducedTypeIsAPojoWithTheEventsOwnSerializerNotKryo() {
        TypeInformation<ParseResult<ClickEvent>> type = ParsingDeserializer.typeOf(TypeInformation.of(ClickEvent.class));
        assertThat(type).isInstanceOf(PojoTypeInfo.class);
        assertThat(((PojoTypeInfo<?>) type).getTypeAt("event")).isEqualTo(TypeInformation.of(ClickEvent.class));
        ParseResult<ClickEvent> copy = type.createSerializer(new SerializerConfigImpl())
                .copy(ParsingDeserializer.parse(CLICKS, RawRecord.of("clickstream", VALID.getBytes(StandardCharsets.UTF_8))));
        assertThat(copy.event.eventId).isEqualTo("e1");
    }
}
