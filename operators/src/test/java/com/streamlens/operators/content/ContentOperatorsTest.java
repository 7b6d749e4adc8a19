package com.streamlens.operators.content;

import static com.streamlens.operators.testing.Harnesses.keyedBroadcast;
import static com.streamlens.operators.testing.Harnesses.keyedState;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.streamlens.state.records.ContentProfile;
import com.streamlens.state.records.ItemTags;
import com.streamlens.state.records.Recommendation;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/** The content job's operators in Flink's test harnesses: their state, timers and outputs. */
class ContentOperatorsTest {
    static final long DAY = ContentSettings.DAY_MS;
    static final long T = 100 * DAY;
    /** top-3 lists, rewritten 200 ms after an interaction, 3 recent items kept, 3-tag profiles. */
    static final ContentJobSettings SETTINGS = new ContentJobSettings(
            new ContentSettings(3, 30, 7 * DAY, 0.5, 5, 0, 0.2), 3, 200, 1f, 3f, 5f, 3, 90 * DAY, List.of("Колесо"));

    static ContentEvent view(String user, String item, String title, long ts) {
        return new ContentEvent("shop-1", user, item, ContentEvent.VIEW, title, ts);
    }

    static KeyedOneInputStreamOperatorTestHarness<String, ContentEvent, ItemTags> itemSide() throws Exception {
        var h = new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(new TagItems(SETTINGS)),
                (ContentEvent e) -> e.siteId, Types.STRING);
        h.open();
        return h;
    }

    static KeyedBroadcastOperatorTestHarness<String, ContentEvent, ItemTags, Recommendation> profileSide(OperatorSubtaskState restore) throws Exception {
        return keyedBroadcast(new UpdateContentProfiles(SETTINGS), ContentState.itemTags(), (ContentEvent e) -> e.userId, restore);
    }

    static ItemTags tags(String item, String... tagsStrongestFirst) {
        float[] w = new float[tagsStrongestFirst.length];
        for (int i = 0; i < w.length; i++) w[i] = (float) (1 / Math.sqrt(w.length));
        return new ItemTags("shop-1", item, tagsStrongestFirst, w, T);
    }

    @Test
    void anItemIsTaggedWhenFirstSeenAndWhenItsTextChangesCountingItsTagsOnceIntoTheSitesFrequencies() throws Exception {
        try (var h = itemSide()) {
            h.processElement(new StreamRecord<>(view("u1", "tyre-1", "Шины летние 205/55 R16 Nokian — Колесо", T)));
            h.processElement(new StreamRecord<>(view("u2", "tyre-1", "Шины летние 205/55 R16 Nokian — Колесо", T + 1))); // same text: nothing
            h.processElement(new StreamRecord<>(new ContentEvent("shop-1", "u2", "tyre-1", ContentEvent.CART, null, T + 2))); // no text
            h.processElement(new StreamRecord<>(view("u3", "tyre-1", "Шины летние 205/55 R16 Nokian Hakka Green 3", T + 3))); // text changed
            List<ItemTags> out = h.extractOutputValues();
            assertThat(out).hasSize(2);
            assertThat(out.get(0).tags).contains("шин", "летн", "205/55", "r16", "nokian").doesNotContain("колес", "shop");
            assertThat(out.get(1).tags).contains("hakka", "green");
            double norm = 0;
            for (float w : out.get(1).weights) norm += w * w;
            assertThat(norm).isCloseTo(1.0, within(1e-5));

            var backend = h.getOperator().getKeyedStateBackend();
            backend.setCurrentKey("shop-1");
            byte[] df = backend.getPartitionedState(VoidNamespace.INSTANCE, VoidNamespaceSerializer.INSTANCE, ContentState.siteFrequencies()).value();
            DocumentFrequencies frequencies = DocumentFrequencies.fromBytes(df);
            assertThat(frequencies.items()).as("a changed text is no new item").isEqualTo(1);
            assertThat(frequencies.documentFrequency("шин")).isEqualTo(1);
            assertThat(backend.getPartitionedState(VoidNamespace.INSTANCE, VoidNamespaceSerializer.INSTANCE, ContentState.itemTextHashes())
                    .get("tyre-1")).isEqualTo("Шины летние 205/55 R16 Nokian Hakka Green 3".hashCode());
        }
    }

    @Test
    void aBurstOfClicksMakesOneListThatLeavesOutTheVisitorsItemsAndThePurchaseWeighsMost() throws Exception {
        try (var h = profileSide(null)) {
            h.processBroadcastElement(new StreamRecord<>(tags("tyre-1", "шин", "летн", "r16")));
            h.processBroadcastElement(new StreamRecord<>(tags("tyre-2", "шин", "зимн", "r16")));
            h.processBroadcastElement(new StreamRecord<>(tags("tyre-3", "шин", "летн", "r15")));
            h.processBroadcastElement(new StreamRecord<>(tags("milk-1", "молок", "3.2%")));
            h.setProcessingTime(0);
            h.processElement(new StreamRecord<>(view("anna", "tyre-1", null, T)));
            h.processElement(new StreamRecord<>(new ContentEvent("shop-1", "anna", "milk-1", ContentEvent.PURCHASE, null, T + 1000)));
            assertThat(keyedState(h, "anna", ContentState.refreshDue())).as("one refresh pending for the burst").isEqualTo(200L);
            assertThat(h.numProcessingTimeTimers()).isEqualTo(1);
            h.setProcessingTime(200);

            List<Recommendation> lists = h.extractOutputValues();
            assertThat(lists).hasSize(1);
            Recommendation r = lists.get(0);
            assertThat(r.kind).isEqualTo(Recommendation.CONTENT);
            assertThat(r.id).isEqualTo("anna");
            // Her items are left out; the 3-tag profile kept the purchase's two tags and the first of the tyre's (ties by position).
            assertThat(r.items).containsExactlyInAnyOrder("tyre-3", "tyre-2");
            assertThat(keyedState(h, "anna", ContentState.refreshDue())).isNull();

            Recommendation profile = h.getSideOutput(UpdateContentProfiles.PROFILES).peek().getValue();
            assertThat(profile.kind).isEqualTo(Recommendation.PROFILE);
            assertThat(profile.items).containsExactlyInAnyOrder("молок", "3.2%", "шин"); // 3 tags at most: летн and r16 evicted
            assertThat(profile.items[0]).as("a purchase (5) outweighs a view (1)").isIn("молок", "3.2%");
            ContentProfile state = keyedState(h, "anna", ContentState.profile());
            assertThat(state.recentItems).containsExactly("tyre-1", "milk-1");
            assertThat(state.boughtItems).containsExactly("milk-1");
            assertThat(state.asOf).isEqualTo(T + 1000);
        }
    }

    @Test
    void aPageOfAnItemNotTaggedYetCountsByItsOwnTextAndTheIndexComesBackFromBroadcastStateAfterARestore() throws Exception {
        OperatorSubtaskState snapshot;
        try (var h = profileSide(null)) {
            h.processBroadcastElement(new StreamRecord<>(tags("tyre-2", "шин", "зимн", "r16")));
            h.setProcessingTime(0);
            h.processElement(new StreamRecord<>(view("boris", "tyre-9", "Шины зимние R16", T))); // tyre-9 not tagged yet
            ContentProfile state = keyedState(h, "boris", ContentState.profile());
            assertThat(state.tags).contains("шин", "зимн", "r16");
            snapshot = h.snapshot(1, 1);
        }
        try (var restored = profileSide(snapshot)) {
            restored.setProcessingTime(1000); // the restored timer fires: the index is rebuilt from broadcast state first
            List<Recommendation> lists = restored.extractOutputValues();
            assertThat(lists).singleElement().satisfies(r -> assertThat(r.items).containsExactly("tyre-2"));
        }
    }

    @Test
    void recentItemsAreBoundedMostRecentLast() {
        String[] items = {};
        for (String i : List.of("a", "b", "c", "b", "d")) items = UpdateContentProfiles.appendBounded(items, i, 3);
        assertThat(items).containsExactly("c", "b", "d");
    }
}
