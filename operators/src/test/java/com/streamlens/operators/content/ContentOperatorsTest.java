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
            new ContentSettings(3, 30, 7 * DAY, 0.5, 5, 0, 0.2), 3, 200, 1f, 3f, 5f, 3, 90 * DAY, List.of("Колесо"), 0.5, 2);

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
            assertThat(backend.getPartitionedState(VoidNamespace.INSTANCE, VoidNamespaceSerializer.INSTANCE, ContentState.siteItems())
                    .get("tyre-1").textHash).isEqualTo("Шины летние 205/55 R16 Nokian Hakka Green 3".hashCode());
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

            List<Recommendation> lists = h.extractOutputValues().stream().filter(x -> x.kind.equals(Recommendation.CONTENT)).toList();
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
            List<Recommendation> lists = restored.extractOutputValues().stream().filter(x -> x.kind.equals(Recommendation.CONTENT)).toList();
            assertThat(lists).singleElement().satisfies(r -> assertThat(r.items).containsExactly("tyre-2"));
        }
    }

    static ContentEvent purchase(String user, String item, long ts) {
        return new ContentEvent("shop-1", user, item, ContentEvent.PURCHASE, null, ts);
    }

    @Test
    void itemsMostBuyersBuyAgainAreDeclaredReplenishableAndOthersNot() throws Exception {
        try (var h = itemSide()) {
            h.processElement(new StreamRecord<>(view("u1", "milk", "Молоко Простоквашино 3.2% 1 л", T)));
            h.processElement(new StreamRecord<>(view("u1", "tv", "Телевизор Samsung 55\" 4K", T)));
            int before = h.extractOutputValues().size();
            for (String buyer : List.of("a", "b")) {
                h.processElement(new StreamRecord<>(purchase(buyer, "milk", T + 1)));
                h.processElement(new StreamRecord<>(purchase(buyer, "milk", T + 2))); // a second carton
                h.processElement(new StreamRecord<>(purchase(buyer, "tv", T + 3)));
            }
            h.processElement(new StreamRecord<>(purchase("a", "milk", T + 4))); // a third: no new repeat buyer
            List<ItemTags> after = h.extractOutputValues().subList(before, h.extractOutputValues().size());
            // Milk turns replenishable when its second buyer arrives (r = 1/2 ≥ 0.5 over 2 buyers), announced once; the TV
            // (r = 0) never.
            assertThat(after).singleElement().satisfies(t -> {
                assertThat(t.itemId).isEqualTo("milk");
                assertThat(t.replenishable).isTrue();
                assertThat(t.buyers).isEqualTo(2);
                assertThat(t.tags).contains("молок"); // still tagged: the verdict travels with the vector
            });
            var backend = h.getOperator().getKeyedStateBackend();
            backend.setCurrentKey("shop-1");
            ItemTags tv = backend.getPartitionedState(VoidNamespace.INSTANCE, VoidNamespaceSerializer.INSTANCE, ContentState.siteItems()).get("tv");
            assertThat(tv.buyers).isEqualTo(2);
            assertThat(tv.repeatBuyers).isZero();
            assertThat(tv.replenishable).isFalse();
            ItemTags milk = backend.getPartitionedState(VoidNamespace.INSTANCE, VoidNamespaceSerializer.INSTANCE, ContentState.siteItems()).get("milk");
            assertThat(milk.repeatBuyers).as("both bought again; a third purchase is no new repeat").isEqualTo(2);
        }
    }

    @Test
    void aBoughtReplenishableItemComesBackToTheBuyersListADurableOneDoesNot() throws Exception {
        try (var h = profileSide(null)) {
            ItemTags milk = tags("milk", "молок", "3.2%");
            ItemTags kefir = tags("kefir", "кефир", "3.2%");
            ItemTags tv = tags("tv", "телевизор", "4k");
            ItemTags tv2 = tags("tv-2", "телевизор", "oled");
            for (ItemTags t : List.of(milk, kefir, tv, tv2)) h.processBroadcastElement(new StreamRecord<>(t));
            h.setProcessingTime(0);
            h.processElement(new StreamRecord<>(purchase("vera", "milk", T)));
            h.processElement(new StreamRecord<>(purchase("vera", "tv", T)));
            milk.replenishable = true; // the item side's verdict arrives
            h.processBroadcastElement(new StreamRecord<>(milk));
            h.setProcessingTime(200);
            Recommendation r = h.extractOutputValues().stream().filter(x -> x.kind.equals(Recommendation.CONTENT)).findFirst().orElseThrow();
            assertThat(r.items).contains("milk", "kefir", "tv-2").doesNotContain("tv");
        }
    }

    @Test
    void theStoresOwnRecordTagsAnItemBeforeAnyVisitAndAnUnavailableOneLeavesTheLists() throws Exception {
        try (var h = itemSide()) {
            ContentEvent record = new ContentEvent("shop-1", null, "tyre-9", ContentEvent.ITEM, "Шина летняя Nokian 205/55 R16 Авто Шины", T);
            h.processElement(new StreamRecord<>(record));
            ContentEvent gone = new ContentEvent("shop-1", null, "tyre-9", ContentEvent.ITEM, null, T + 1);
            gone.retired = true;
            h.processElement(new StreamRecord<>(gone));
            h.processElement(new StreamRecord<>(gone)); // already out: nothing more
            List<ItemTags> out = h.extractOutputValues();
            assertThat(out).hasSize(2);
            assertThat(out.get(0).available).isTrue();
            assertThat(out.get(0).tags).contains("шин", "летн", "nokian", "авт");
            assertThat(out.get(1).available).isFalse();
        }
        try (var p = profileSide(null)) {
            ItemTags tyre = tags("tyre-9", "шин", "летн");
            p.processBroadcastElement(new StreamRecord<>(tyre));
            p.processBroadcastElement(new StreamRecord<>(tags("tyre-8", "шин", "зимн")));
            tyre.available = false;
            p.processBroadcastElement(new StreamRecord<>(tyre));
            p.setProcessingTime(0);
            p.processElement(new StreamRecord<>(view("gleb", "tyre-1", "Шины летние", T)));
            p.setProcessingTime(200);
            assertThat(p.extractOutputValues().stream().filter(x -> x.kind.equals(Recommendation.CONTENT)).findFirst().orElseThrow().items)
                    .containsExactly("tyre-8");
        }
    }

    @Test
    void theVisitorsIalsListIsBlendedWithTheirContentCandidatesIntoAHybridList() throws Exception {
        try (var h = profileSide(null)) {
            for (ItemTags t : List.of(tags("tyre-1", "шин", "летн"), tags("tyre-2", "шин", "зимн"), tags("brand-new-tyre", "шин", "летн", "r16"))) {
                h.processBroadcastElement(new StreamRecord<>(t));
            }
            h.setProcessingTime(0);
            for (int i = 0; i < 3; i++) h.processElement(new StreamRecord<>(view("dina", "tyre-1", null, T + i)));
            ContentEvent als = new ContentEvent(null, "dina", null, ContentEvent.ALS_LIST, null, T + 5);
            als.alsItems = new String[] {"wheel-7", "tyre-2", "tyre-1"}; // tyre-1 is hers: it stays out
            als.alsScores = new float[] {0.9f, 0.5f, 0.4f};
            h.processElement(new StreamRecord<>(als));
            assertThat(keyedState(h, "dina", ContentState.alsList()).items).containsExactly("wheel-7", "tyre-2", "tyre-1");
            h.setProcessingTime(200);
            List<Recommendation> out = h.extractOutputValues();
            Recommendation hybrid = out.stream().filter(r -> r.kind.equals(Recommendation.HYBRID)).findFirst().orElseThrow();
            // iALS's best first (α = 3/(3 + 5) of it), the new tyre nobody has an iALS row for by its content (w = 0.2).
            assertThat(hybrid.items).startsWith("wheel-7").contains("tyre-2", "brand-new-tyre").doesNotContain("tyre-1");
            assertThat(out).anyMatch(r -> r.kind.equals(Recommendation.CONTENT));
        }
    }

    @Test
    void anItemsTagsMakeItsSimilarByContentListWrittenOnceAmongTheSubtasks() throws Exception {
        try (var h = profileSide(null)) {
            h.processBroadcastElement(new StreamRecord<>(tags("tyre-1", "шин", "летн")));
            h.processBroadcastElement(new StreamRecord<>(tags("milk-1", "молок")));
            h.processBroadcastElement(new StreamRecord<>(tags("tyre-new", "шин", "летн", "r16")));
            List<Recommendation> similar = h.extractOutputValues().stream().filter(r -> r.kind.equals(Recommendation.SIMILAR_CONTENT)).toList();
            assertThat(similar).hasSize(3); // one subtask here: it owns every item
            Recommendation tyreNew = similar.get(2);
            assertThat(tyreNew.id).isEqualTo("tyre-new");
            assertThat(tyreNew.items).containsExactly("tyre-1");
        }
    }

    @Test
    void aNewArrivalTheStoreAnnouncesReachesTheVisitorsItMatchesWithoutTheirNextClick() throws Exception {
        try (var h = profileSide(null)) {
            h.processBroadcastElement(new StreamRecord<>(tags("tyre-1", "шин", "летн")));
            h.processBroadcastElement(new StreamRecord<>(tags("milk-1", "молок", "3.2%")));
            h.setProcessingTime(0);
            h.processElement(new StreamRecord<>(view("olga", "tyre-1", null, T)));
            h.processElement(new StreamRecord<>(view("pavel", "milk-1", null, T)));
            h.setProcessingTime(200); // their first lists: nothing else matches yet
            int before = h.extractOutputValues().size();

            ItemTags discovered = tags("tyre-visited", "шин", "зимн"); // found through a visit: not pushed
            h.processBroadcastElement(new StreamRecord<>(discovered));
            ItemTags arrival = tags("tyre-arrival", "шин", "летн", "r16");
            arrival.announced = true; // the store's own record on the items topic
            h.processBroadcastElement(new StreamRecord<>(arrival));

            List<Recommendation> pushed = h.extractOutputValues().subList(before, h.extractOutputValues().size()).stream()
                    .filter(r -> r.kind.equals(Recommendation.CONTENT)).toList();
            assertThat(pushed).singleElement().satisfies(r -> {
                assertThat(r.id).isEqualTo("olga");
                assertThat(r.items).contains("tyre-arrival", "tyre-visited").doesNotContain("tyre-1");
            });
            assertThat(h.numProcessingTimeTimers()).as("pushed at once, no refresh scheduled").isZero();
        }
    }

    @Test
    void recentItemsAreBoundedMostRecentLast() {
        String[] items = {};
        for (String i : List.of("a", "b", "c", "b", "d")) items = UpdateContentProfiles.appendBounded(items, i, 3);
        assertThat(items).containsExactly("c", "b", "d");
    }

    /** Serialised bytes of a profile as Flink's POJO serializer writes it into RocksDB. */
    static int serialisedBytes(ContentProfile p) throws Exception {
        var serializer = org.apache.flink.api.common.typeinfo.TypeInformation.of(ContentProfile.class)
                .createSerializer(new org.apache.flink.api.common.serialization.SerializerConfigImpl());
        var out = new org.apache.flink.core.memory.DataOutputSerializer(1024);
        serializer.serialize(p, out);
        return out.length();
    }

    @Test
    void aFullProfileTakesAboutAKilobyteInState() throws Exception {
        ContentProfile p = new ContentProfile();
        p.tags = new String[50];
        p.weights = new float[50];
        String[] stems = {"шин", "летн", "205/55", "r16", "toyota", "corolla", "nokian", "hakka", "молок", "простоквашин"};
        for (int i = 0; i < 50; i++) {
            p.tags[i] = stems[i % stems.length] + (i < stems.length ? "" : i); // ~7 characters, Cyrillic and Latin
            p.weights[i] = 1f / (i + 1);
        }
        int tagsOnly = serialisedBytes(p);
        p.recentItems = new String[50];
        p.boughtItems = new String[10];
        for (int i = 0; i < 50; i++) p.recentItems[i] = "item-" + (100_000 + i);
        for (int i = 0; i < 10; i++) p.boughtItems[i] = "item-" + (200_000 + i);
        int full = serialisedBytes(p);
        System.out.printf("content profile: %d bytes with 50 tags, %d with 50 recent and 10 bought items too%n", tagsOnly, full);
        assertThat(tagsOnly).as("50 tags with weights").isLessThanOrEqualTo(1024);
        assertThat(full).isLessThan(2048);
    }
}
