package com.streamlens.operators.recs.als;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The GEMM scorer against a brute-force dot-product ranking, with exclusions, growth and row updates. */
class TopNScorerTest {
    private static final int K = 16;

    @Test
    void topNEqualsBruteForceRankingWithExclusions() {
        Random r = new Random(5);
        ItemFactorTable table = new ItemFactorTable(K);
        for (int i = 0; i < 3000; i++) table.put("i" + i, gaussian(r), 1);
        TopNScorer scorer = new TopNScorer(table);
        float[][] users = {gaussian(r), gaussian(r), gaussian(r)};
        int[][] exclude = {null, new int[] {0, 1, 2}, bestOf(table, users[2], 5)};
        List<ScoredItems> got = scorer.topN(users, 3, exclude, 50);
        for (int b = 0; b < 3; b++) {
            int[] ex = exclude[b] == null ? new int[0] : exclude[b];
            float[] u = users[b];
            String[] expected = IntStream.range(0, table.size())
                    .filter(i -> IntStream.of(ex).noneMatch(e -> e == i))
                    .boxed()
                    .sorted(Comparator.comparingDouble((Integer i) -> -dot(u, table.rowAt(i))))
                    .limit(50)
                    .map(table::idAt)
                    .toArray(String[]::new);
            assertThat(got.get(b).ids()).containsExactly(expected);
            assertThat(got.get(b).scores()[0]).isCloseTo((float) dot(u, table.row(expected[0])), within(1e-3f));
            for (int e : ex) assertThat(got.get(b).ids()).doesNotContain(table.idAt(e));
        }
    }

    @Test
    void seesRowUpdatesAndNewItemsBetweenBatches() {
        Random r = new Random(6);
        ItemFactorTable table = new ItemFactorTable(K);
        for (int i = 0; i < 100; i++) table.put("i" + i, gaussian(r), 1);
        TopNScorer scorer = new TopNScorer(table);
        float[] user = gaussian(r);
        scorer.topN(new float[][] {user}, 1, null, 5);
        float[] winner = user.clone();
        for (int d = 0; d < K; d++) winner[d] *= 100;
        table.put("i42", winner, 1);
        assertThat(scorer.topN(new float[][] {user}, 1, null, 5).get(0).ids()[0]).isEqualTo("i42");
        for (int i = 100; i < 5000; i++) table.put("i" + i, gaussian(r), 1); // grows past the mirror's capacity
        float[] newWinner = winner.clone();
        for (int d = 0; d < K; d++) newWinner[d] *= 2;
        table.put("fresh", newWinner, 1);
        ScoredItems top = scorer.topN(new float[][] {user}, 1, null, 5).get(0);
        assertThat(top.ids()[0]).isEqualTo("fresh");
        assertThat(top.ids()[1]).isEqualTo("i42");
    }

    @Test
    void aRemovedItemLeavesListsIndicesAndTheGram() {
        Random r = new Random(7);
        ItemFactorTable table = new ItemFactorTable(K);
        for (int i = 0; i < 50; i++) table.put("i" + i, gaussian(r), 1 + i);
        TopNScorer scorer = new TopNScorer(table);
        float[] user = gaussian(r);
        String best = scorer.topN(new float[][] {user}, 1, null, 1).get(0).ids()[0];

        assertThat(table.remove(best)).isTrue();
        assertThat(table.remove(best)).as("already gone").isFalse();
        assertThat(table.remove("i49")).isTrue(); // the last slot: nothing moves
        assertThat(table.size()).isEqualTo(48);
        assertThat(table.indexOf(best)).isEqualTo(-1);
        for (int i = 0; i < table.size(); i++) {
            assertThat(table.indexOf(table.idAt(i))).isEqualTo(i); // the moved row is found where it went
            assertThat(table.supportAt(i)).isEqualTo(1.0 + Integer.parseInt(table.idAt(i).substring(1)));
        }

        // The scorer's mirror follows the moved rows: the same ranking as a table built without the two items.
        ItemFactorTable fresh = new ItemFactorTable(K);
        for (int i = 0; i < table.size(); i++) fresh.put(table.idAt(i), table.rowAt(i), table.supportAt(i));
        ScoredItems got = scorer.topN(new float[][] {user}, 1, null, 48).get(0);
        assertThat(got.ids()).doesNotContain(best, "i49")
                .containsExactly(new TopNScorer(fresh).topN(new float[][] {user}, 1, null, 48).get(0).ids());

        // YᵀY without them, as if recomputed.
        Gram kept = table.gram();
        assertThat(kept.count()).isEqualTo(48);
        for (int a = 0; a < K; a++) {
            for (int b = a; b < K; b++) assertThat(kept.at(a, b)).isCloseTo(fresh.gram().at(a, b), within(1e-9));
        }
    }

    @Test
    void similarItemsRankByCosineAndLeaveTheItemOut() {
        ItemFactorTable table = new ItemFactorTable(2);
        table.put("a", new float[] {1, 0}, 1);
        table.put("a-long", new float[] {10, 1}, 1);     // nearly the same direction, much longer
        table.put("b", new float[] {0.1f, 1}, 1);
        table.put("anti-a", new float[] {-1, 0}, 1);
        table.put("zero", new float[] {0, 0}, 1);
        ScoredItems sim = new TopNScorer(table).similar(new int[] {0}, 1, 3).get(0);
        assertThat(sim.ids()).containsExactly("a-long", "b", "zero");
        assertThat(sim.scores()[0]).isCloseTo(10 / (float) Math.sqrt(101), within(1e-5f));
    }

    @Test
    void anEmptyCatalogGivesEmptyLists() {
        List<ScoredItems> got = new TopNScorer(new ItemFactorTable(K)).topN(new float[][] {new float[K]}, 1, null, 10);
        assertThat(got).hasSize(1);
        assertThat(got.get(0).size()).isZero();
    }

    private static int[] bestOf(ItemFactorTable t, float[] u, int n) {
        return IntStream.range(0, t.size()).boxed()
                .sorted(Comparator.comparingDouble((Integer i) -> -dot(u, t.rowAt(i))))
                .limit(n).mapToInt(Integer::intValue).toArray();
    }

    static float[] gaussian(Random r) {
        float[] v = new float[K];
        for (int d = 0; d < K; d++) v[d] = (float) r.nextGaussian();
        return v;
    }

    static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += (double) a[i] * b[i];
        return s;
    }
}
