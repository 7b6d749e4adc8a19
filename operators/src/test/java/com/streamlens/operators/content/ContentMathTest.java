package com.streamlens.operators.content;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.streamlens.operators.recs.als.ScoredItems;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The content feature's plain parts: profile decay and eviction, the index against brute force, frequencies, repurchase, blend. */
class ContentMathTest {
    static final double DAY = 86_400_000.0;
    static final double WEEK = 7 * DAY;

    private static TagVector vec(Object... tagWeight) {
        Map<String, Double> m = new HashMap<>();
        for (int i = 0; i < tagWeight.length; i += 2) m.put((String) tagWeight[i], ((Number) tagWeight[i + 1]).doubleValue());
        return TagVector.top(m, 100, false);
    }

    @Test
    void profileWeightsHalveEveryHalfLifeAndALateEventCountsAsOldAsItIs() {
        TagProfile p = new TagProfile();
        p.add(vec("шин", 1.0), 1, 0, WEEK, 50);
        p.add(vec("диск", 1.0), 1, (long) WEEK, WEEK, 50); // a week later: шин halves
        TagVector v = p.vector((long) WEEK, WEEK);
        assertThat(v.tags()).containsExactly("диск", "шин");
        assertThat(v.weights()[1]).isCloseTo(0.5f, within(1e-6f));
        assertThat(p.vector((long) (3 * WEEK), WEEK).weights()[0]).isCloseTo(0.25f, within(1e-6f)); // read two weeks on
        p.add(vec("шин", 1.0), 1, 0, WEEK, 50); // a late event stamped at 0: worth ½ now
        assertThat(p.vector((long) WEEK, WEEK).weights()).containsExactly(new float[] {1.0f, 1.0f}, within(1e-6f));
        assertThat(p.state().asOf).isEqualTo((long) WEEK);
    }

    @Test
    void aFullProfileEvictsItsWeakestTags() {
        TagProfile p = new TagProfile();
        for (int i = 0; i < 60; i++) p.add(vec("t" + i, 1.0 + i), 1, i, WEEK, 50);
        assertThat(p.size()).isEqualTo(50);
        assertThat(p.vector(60, WEEK).tags()).contains("t59", "t10").doesNotContain("t0", "t9");
        // Purchases weigh more than views: one purchase outweighs a viewed tag of the same item weight.
        TagProfile q = new TagProfile();
        q.add(vec("view", 1.0), 1, 0, WEEK, 2);
        q.add(vec("bought", 1.0), 5, 0, WEEK, 2);
        q.add(vec("other", 2.0), 1, 0, WEEK, 2);
        assertThat(q.vector(0, WEEK).tags()).containsExactly("bought", "other");
    }

    @Test
    void theIndexRanksExactlyAsBruteForceCosineAndForgetsReplacedTags() {
        Random r = new Random(4);
        ContentIndex index = new ContentIndex();
        Map<String, TagVector> items = new HashMap<>();
        for (int i = 0; i < 500; i++) {
            Map<String, Double> w = new HashMap<>();
            for (int t = 0; t < 8; t++) w.put("tag" + r.nextInt(200), r.nextDouble());
            TagVector v = TagVector.top(w, 30, true);
            items.put("item" + i, v);
            index.put("item" + i, v);
        }
        TagVector profile = vec("tag1", 3.0, "tag2", 1.0, "tag3", 0.5, "tag150", 2.0);
        ScoredItems top = index.topN(profile, id -> id.equals("item7"), 10);
        List<Map.Entry<String, Double>> brute = new ArrayList<>();
        for (Map.Entry<String, TagVector> e : items.entrySet()) {
            double c = TagVector.cosine(profile, e.getValue());
            if (c > 0 && !e.getKey().equals("item7")) brute.add(Map.entry(e.getKey(), c));
        }
        brute.sort(Map.Entry.<String, Double>comparingByValue().reversed());
        assertThat(top.size()).isEqualTo(10);
        for (int k = 0; k < 10; k++) assertThat((double) top.scores()[k]).isCloseTo(brute.get(k).getValue(), within(1e-5));

        index.put("item0", vec("fresh", 1.0));
        assertThat(index.topN(vec("fresh", 1.0), id -> false, 5).ids()).containsExactly("item0");
        for (String t : items.get("item0").tags()) assertThat(index.topN(vec(t, 1.0), id -> false, 500).contains("item0")).isFalse();
        assertThat(index.similar("item0", 5).size()).isZero(); // nothing else holds "fresh"
    }

    @Test
    void aTagsPostingListKeepsTheItemsWhereItWeighsMostAndCandidatesAreScoredExactly() {
        ContentIndex index = new ContentIndex(2);
        index.put("a", TagVector.top(Map.of("x", 0.9, "a1", 0.1), 30, true));
        index.put("b", TagVector.top(Map.of("x", 0.8, "b1", 0.2), 30, true));
        index.put("c", TagVector.top(Map.of("x", 0.7, "y", 0.7), 30, true)); // past the cut of x's list: heavier items lead it
        assertThat(index.topN(vec("x", 1.0), id -> false, 5).ids()).containsExactly("a", "b");
        ScoredItems both = index.topN(vec("x", 1.0, "y", 1.0), id -> false, 5);
        assertThat(both.ids()[0]).isEqualTo("c"); // found through y, scored with x too: the exact cosine
        assertThat((double) both.scores()[0]).isCloseTo(TagVector.cosine(vec("x", 1.0, "y", 1.0), index.vector("c")), within(1e-6));
        index.put("a", vec("z", 1.0)); // a leaves x's list: c moves up within the cut
        assertThat(index.topN(vec("x", 1.0), id -> false, 5).ids()).containsExactly("b", "c");
    }

    @Test
    void tagsInMoreThanTheShareOfItemsAreTooCommonOnceThereAreEnoughItems() {
        DocumentFrequencies df = new DocumentFrequencies(256);
        for (int i = 0; i < 50; i++) df.addItem(List.of("шин", "шин", "model" + i));
        assertThat(df.tooCommon("шин", 0.2)).as("50 items are too few to judge").isFalse();
        for (int i = 50; i < 2000; i++) df.addItem(i % 3 == 0 ? List.of("шин", "model" + i) : List.of("диск", "size" + i % 100, "model" + i));
        assertThat(df.items()).isEqualTo(2000);
        assertThat(df.tooCommon("диск", 0.2)).isTrue(); // in 2/3 of the later items
        assertThat(df.tooCommon("шин", 0.2)).isTrue(); // ~1/3
        assertThat(df.tooCommon("size7", 0.2)).isFalse(); // 1%
        assertThat(df.idf("model17")).isGreaterThanOrEqualTo(df.idf("size7")).isGreaterThan(df.idf("диск")); // rare tags: both untracked
    }

    @Test
    void replenishableGoodsAreThoseMostBuyersBuyAgainJudgedByCategoryWhenAnItemHasFewBuyers() {
        RepurchaseRates rates = new RepurchaseRates(0.3, 5);
        for (int b = 0; b < 10; b++) {
            rates.purchase("milk", "dairy", 0);
            if (b < 6) rates.purchase("milk", "dairy", 1);
            rates.purchase("tv", "electronics", 0);
            if (b == 0) rates.purchase("tv", "electronics", 1); // one buyer of ten bought a second TV
        }
        assertThat(rates.rate("milk", false)).isEqualTo(0.6);
        assertThat(rates.replenishable("milk", "dairy")).isTrue();
        assertThat(rates.replenishable("tv", "electronics")).isFalse();
        assertThat(rates.replenishable("kefir", "dairy")).as("no buyers yet: its category decides").isTrue();
        assertThat(rates.replenishable("radio", "unknown")).isFalse();
        rates.purchase("milk", "dairy", 2); // a third purchase is no new repeat buyer
        assertThat(rates.rate("milk", false)).isEqualTo(0.6);
    }

    @Test
    void theBlendTrustsContentForColdUsersAndColdItemsAndIalsForWarmOnes() {
        HybridBlend blend = new HybridBlend(10, 5, 1.0);
        assertThat(blend.alpha(0, 100)).isZero();
        assertThat(blend.alpha(10, 5)).isEqualTo(0.25);
        assertThat(blend.alpha(1000, 1e6)).isGreaterThan(0.98);
        ScoredItems als = new ScoredItems(new String[] {"warm", "mid"}, new float[] {2f, 1f});
        ScoredItems content = new ScoredItems(new String[] {"cold", "mid"}, new float[] {0.9f, 0.3f});
        Map<String, double[]> s = Map.of("warm", new double[] {2, 0.0, 100}, "mid", new double[] {1, 0.3, 100},
                "cold", new double[] {Double.NaN, 0.9, 0});
        HybridBlend.Scores scores = new HybridBlend.Scores() {
            public double als(String i) { return s.get(i)[0]; }
            public double content(String i) { return s.get(i)[1]; }
            public double support(String i) { return s.get(i)[2]; }
        };
        assertThat(blend.blend(als, content, 0, scores, 3).ids()).as("a new visitor: content order").containsExactly("cold", "mid", "warm");
        // A regular: the warm items in iALS order (mid's better content does not lift it), the cold item by its content alone.
        ScoredItems regular = blend.blend(als, content, 10_000, scores, 3);
        assertThat(regular.ids()).containsSubsequence("warm", "mid").contains("cold");
        assertThat((double) regular.scores()[java.util.Arrays.asList(regular.ids()).indexOf("cold")]).isEqualTo(1.0);
    }
}
