package com.streamlens.operators.functions;

import static org.assertj.core.api.Assertions.assertThat;

import com.streamlens.state.records.ClickEvent;
import com.streamlens.state.records.DeadLetter;
import com.streamlens.state.records.RawRecord;
import com.streamlens.state.records.ItemFactor;
import com.streamlens.state.serde.ClickEventParser;
import com.streamlens.state.serde.ItemFactorParser;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

class ParseEventsTest {
    static final String VALID = "{\"schema\":1,\"event_id\":\"e1\",\"type\":\"page_view\",\"site_id\":\"shop-1\","
            + "\"user_id\":\"u1\",\"session_id\":\"s1\",\"ts\":1763900000000,\"url\":\"https://shop/1\"}";

    @Test
    void validEventsPassAndBadOnesBecomeDeadLettersWithProvenance() throws Exception {
        try (OneInputStreamOperatorTestHarness<RawRecord, ClickEvent> h =
                     ProcessFunctionTestHarnesses.forProcessFunction(new ParseEvents<>(new ClickEventParser()))) {
            h.processElement(new RawRecord("clickstream", 2, 40, 0, VALID.getBytes(StandardCharsets.UTF_8)), 0);
            h.processElement(new RawRecord("clickstream", 2, 41, 0, "{not json".getBytes(StandardCharsets.UTF_8)), 0);
            h.processElement(new RawRecord("clickstream", 3, 7, 0, null), 0);

            List<ClickEvent> out = h.extractOutputValues();
            assertThat(out).hasSize(1);
            assertThat(out.get(0).eventId).isEqualTo("e1");

            List<DeadLetter> dead = h.getSideOutput(ParseEvents.DEAD_LETTERS).stream().map(StreamRecord::getValue).toList();
            assertThat(dead).hasSize(2);
            assertThat(dead.get(0).reason).startsWith("bad JSON");
            assertThat(dead.get(0).payload).isEqualTo("{not json");
            assertThat(dead.get(0).sourceTopic).isEqualTo("clickstream");
            assertThat(dead.get(0).partition).isEqualTo(2);
            assertThat(dead.get(0).offset).isEqualTo(41);
            assertThat(dead.get(1).reason).isEqualTo("empty payload");
        }
    }

    @Test
    void aTombstoneRetiresAnItemOnItemFactorsAndIsADeadLetterElsewhere() throws Exception {
        try (OneInputStreamOperatorTestHarness<RawRecord, ItemFactor> h =
                     ProcessFunctionTestHarnesses.forProcessFunction(new ParseEvents<>(new ItemFactorParser()))) {
            h.processElement(tombstone("item-factors", "sku-9"), 0);
            h.processElement(tombstone("item-factors", ItemFactor.USER_GRAM_ID), 0);
            h.processElement(new RawRecord("item-factors", 0, 3, 0, null), 0); // no key: nothing to delete
            assertThat(h.extractOutputValues()).singleElement().satisfies(f -> {
                assertThat(f.itemId).isEqualTo("sku-9");
                assertThat(f.isRetirement()).isTrue();
                assertThat(f.updatedAt).as("retired when the tombstone was written").isEqualTo(TOMBSTONE_WRITTEN_AT);
            });
            assertThat(h.getSideOutput(ParseEvents.DEAD_LETTERS)).extracting(r -> r.getValue().reason)
                    .containsExactly("tombstone for the user Gram record", "empty payload");
        }
        try (OneInputStreamOperatorTestHarness<RawRecord, ClickEvent> h =
                     ProcessFunctionTestHarnesses.forProcessFunction(new ParseEvents<>(new ClickEventParser()))) {
            h.processElement(tombstone("clickstream", "u1"), 0);
            assertThat(h.extractOutputValues()).isEmpty();
            assertThat(h.getSideOutput(ParseEvents.DEAD_LETTERS)).extracting(r -> r.getValue().reason).containsExactly("empty payload");
        }
    }

    static final long TOMBSTONE_WRITTEN_AT = 1_795_000_000_000L;

    static RawRecord tombstone(String topic, String key) {
        RawRecord r = new RawRecord(topic, 0, 1, TOMBSTONE_WRITTEN_AT, null);
        r.key = key.getBytes(StandardCharsets.UTF_8);
        return r;
    }

    @Test
    void oversizedPayloadIsTruncatedInTheDeadLetter() throws Exception {
        try (OneInputStreamOperatorTestHarness<RawRecord, ClickEvent> h =
                     ProcessFunctionTestHarnesses.forProcessFunction(new ParseEvents<>(new ClickEventParser()))) {
            byte[] huge = ("\"" + "z".repeat(DeadLetter.MAX_PAYLOAD_CHARS * 2) + "\"").getBytes(StandardCharsets.UTF_8);
            h.processElement(RawRecord.of("clickstream", huge), 0);
            DeadLetter d = h.getSideOutput(ParseEvents.DEAD_LETTERS).poll().getValue();
            assertThat(d.reason).startsWith("payload too large");
            assertThat(d.payloadTruncated).isTrue();
            assertThat(d.payload).hasSize(DeadLetter.MAX_PAYLOAD_CHARS);
            assertThat(h.extractOutputValues()).isEmpty();
        }
    }
}
