package com.streamlens.operators.recs.als;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.streamlens.operators.recs.Popularity;
import com.streamlens.state.records.ItemStats;
import com.streamlens.state.records.UserHistory;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The per-event updates, the bounded history, popularity decay and batch training on data with obvious structure. */
class OnlineAlsTest {

    @Test
    void historyIsBoundedMergesRepeatsAndKeepsTheNewest() {
        UserHistory h = new UserHistory();
        for (int i = 0; i < 5; i++) h.record("i" + i, 1f, i, 3, 12f);
        assertThat(h.itemIds).containsExactly("i2", "i3", "i4");
        float c = h.record("i3", 6f, 10, 3, 12f);
        assertThat(c).isEqualTo(7f);
        assertThat(h.itemIds).containsExactly("i2", "i4", "i3");
        assertThat(h.timestamps).containsExactly(2L, 4L, 10L);
        assertThat(h.record("i3", 6f, 11, 3, 12f)).isEqualTo(12f); // capped
    }

    @Test
    void userSolveOverHistoryEqualsTheRowSolveWithRecencyWeights() {
        AlsConfig cfg = AlsConfig.defaults().withFactors(8).with(0.1, 0.3, 0.0, 2.0, 1.5);
        Random r = new Random(1);
        ItemFactorTable items = new ItemFactorTable(8);
        for (int i = 0; i < 20; i++) items.put("i" + i, gaussian(r, 8), 1);
        UserHistory h = new UserHistory();
        h.record("i1", 1f, 1, 200, 12f);
        h.record("unknown", 6f, 2, 200, 12f); // no factors yet: left out of the solve
        h.record("i2", 3f, 3, 200, 12f);
        float[] x = new float[8];
        assertThat(new OnlineAls(cfg).solveUser(h, items, x)).isTrue();
        float[] expected = new float[8];
        float[] w = {cfg.recencyWeighted(3f, 0), cfg.recencyWeighted(1f, 2)}; // recency counts every history entry
        new ImplicitAls(cfg).solveRow(items.gram(), new float[][] {items.row("i2"), items.row("i1")}, w, 2, expected);
        for (int d = 0; d < 8; d++) assertThat(x[d]).isCloseTo(expected[d], within(1e-6f));
        assertThat(w[0]).isEqualTo(3f * (1 + 2f));

        UserHistory unknownOnly = new UserHistory();
        unknownOnly.record("unknown", 1f, 1, 200, 12f);
        assertThat(new OnlineAls(cfg).solveUser(unknownOnly, items, x)).isFalse();
        assertThat(x).containsOnly(0f);
    }

    @Test
    void aNewItemClimbsTowardItsInteractors() {
        AlsConfig cfg = AlsConfig.defaults().withFactors(8);
        OnlineAls online = new OnlineAls(cfg);
        Random r = new Random(2);
        List<float[]> users = new ArrayList<>();
        for (int u = 0; u < 50; u++) users.add(gaussian(r, 8));
        Gram userGram = IalsTrainer.gramOf(users.toArray(float[][]::new), 8);
        float[] fan = users.get(0);
        float[] y = new float[8];
        ItemStats stats = online.updateItem("new", null, null, 0, fan, 6f, userGram, y);
        double first = norm(y);
        assertThat(first).isGreaterThan(0);
        assertThat(ImplicitAlsTest.cosine(y, fan)).isGreaterThan(0.5);
        for (int t = 0; t < 5; t++) stats = online.updateItem("new", stats, y, stats.support, fan, 6f, userGram, y);
        assertThat(norm(y)).isGreaterThan(first);
        assertThat(stats.support).isEqualTo(37.0); // six interactions and the starting row's one
        assertThat(stats.a).hasSize(PackedStats.packedLength(8));
    }

    @Test
    void aColdSystemLeavesZeroThroughTheNewItemsStartingRow() {
        OnlineAls online = new OnlineAls(AlsConfig.defaults().withFactors(8));
        float[] y = new float[8];
        online.updateItem("sku-1", null, null, 0, new float[8], 1f, new Gram(8), y); // a user with a zero row
        assertThat(norm(y)).isGreaterThan(0);
        float[] again = new float[8];
        online.updateItem("sku-1", null, null, 0, new float[8], 1f, new Gram(8), again);
        assertThat(again).containsExactly(y); // every subtask and replay starts the item the same way
    }

    @Test
    void batchTrainingRecoversTwoTasteGroups() {
        // Users 0–19 like items 0–9, users 20–39 like items 10–19; each user has seen 6 of their group's items.
        int users = 40, items = 20;
        int[][] userItems = new int[users][];
        float[][] conf = new float[users][];
        Random r = new Random(4);
        for (int u = 0; u < users; u++) {
            int base = u < 20 ? 0 : 10;
            userItems[u] = r.ints(base, base + 10).distinct().limit(6).toArray();
            conf[u] = new float[] {1, 1, 1, 1, 1, 1};
        }
        AlsConfig cfg = AlsConfig.defaults().withFactors(4).with(0.1, 1.0, 0.0, 0.0, 10.0);
        IalsTrainer.Factors f = IalsTrainer.train(cfg, userItems, conf, items, 10, 1, e -> {});
        ItemFactorTable table = new ItemFactorTable(4);
        for (int i = 0; i < items; i++) table.put("i" + i, f.items()[i], 1);
        TopNScorer scorer = new TopNScorer(table);
        for (int u : new int[] {0, 7, 25, 39}) {
            int[] own = userItems[u];
            ScoredItems top = scorer.topN(new float[][] {f.users()[u]}, 1, new int[][] {own}, 4).get(0);
            int base = u < 20 ? 0 : 10;
            for (String id : top.ids()) assertThat(Integer.parseInt(id.substring(1))).isBetween(base, base + 9);
        }
    }

    @Test
    void popularityHalvesEveryHalfLifeAndRanksByLogScore() {
        long h = 1000;
        double s = Popularity.add(Double.NEGATIVE_INFINITY, 4.0, 0, h);
        assertThat(Popularity.countAt(s, 0, h)).isCloseTo(4.0, within(1e-9));
        assertThat(Popularity.countAt(s, 2000, h)).isCloseTo(1.0, within(1e-9));
        double later = Popularity.add(Double.NEGATIVE_INFINITY, 2.0, 2000, h);
        assertThat(later).isGreaterThan(s); // 2 fresh beat 4 that have halved twice
        double both = Popularity.add(s, 2.0, 2000, h);
        assertThat(Popularity.countAt(both, 2000, h)).isCloseTo(3.0, within(1e-9));
        double plain = Popularity.add(Popularity.add(Double.NEGATIVE_INFINITY, 1, 5, Popularity.NO_DECAY), 1, 9_999_999, Popularity.NO_DECAY);
        assertThat(Math.exp(plain)).isCloseTo(2.0, within(1e-9));
    }

    static float[] gaussian(Random r, int k) {
        float[] v = new float[k];
        for (int d = 0; d < k; d++) v[d] = (float) r.nextGaussian();
        return v;
    }

    static double norm(float[] v) {
        double s = 0;
        for (float x : v) s += x * x;
        return Math.sqrt(s);
    }
}
