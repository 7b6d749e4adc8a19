package com.streamlens.operators.recs.als;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.LUDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.RealVector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The row solves against a direct dense solve of the same normal equations (commons-math LU). */
class ImplicitAlsTest {
    private static final int K = 8;
    private final Random random = new Random(3);

    private float[][] randomRows(int n) {
        return randomRows(n, K);
    }

    private float[][] randomRows(int n, int k) {
        float[][] rows = new float[n][k];
        for (float[] r : rows) for (int d = 0; d < k; d++) r[d] = (float) random.nextGaussian();
        return rows;
    }

    /** x = (w0·VᵀV + Σ c v vᵀ + λ I)⁻¹ Σ c v, built from the full other-side matrix V. */
    private static double[] denseSolve(float[][] all, int[] observed, float[] c, double w0, double lambda) {
        int K = all[0].length;
        RealMatrix a = new Array2DRowRealMatrix(K, K);
        RealVector b = new ArrayRealVector(K);
        for (float[] v : all)
            for (int r = 0; r < K; r++) for (int s = 0; s < K; s++) a.addToEntry(r, s, w0 * v[r] * v[s]);
        for (int j = 0; j < observed.length; j++) {
            float[] v = all[observed[j]];
            for (int r = 0; r < K; r++) {
                b.addToEntry(r, c[j] * v[r]);
                for (int s = 0; s < K; s++) a.addToEntry(r, s, c[j] * v[r] * v[s]);
            }
        }
        for (int r = 0; r < K; r++) a.addToEntry(r, r, lambda);
        return new LUDecomposition(a).getSolver().solve(b).toArray();
    }

    @Test
    void userSolveEqualsTheDenseNormalEquations() {
        AlsConfig cfg = AlsConfig.defaults().withFactors(K).with(0.3, 0.7, 0.0, 0.0, 10.0);
        float[][] items = randomRows(40);
        Gram gram = IalsTrainer.gramOf(items, K);
        int[] observed = {3, 17, 22, 39};
        float[] c = {1f, 3f, 6f, 1f};
        float[][] vs = new float[observed.length][];
        for (int j = 0; j < observed.length; j++) vs[j] = items[observed[j]];
        float[] x = new float[K];
        new ImplicitAls(cfg).solveRow(gram, vs, c, observed.length, x);
        double[] expected = denseSolve(items, observed, c, 0.3, 0.7);
        for (int d = 0; d < K; d++) assertThat((double) x[d]).isCloseTo(expected[d], within(1e-4));
    }

    @ParameterizedTest
    @ValueSource(ints = {5, 37, 64})
    void userSolveEqualsTheDenseNormalEquationsAtWidthsThatAreNotOneVector(int k) {
        // The solver's loops start at vector-aligned columns below the diagonal; odd widths and history lengths exercise the edges.
        AlsConfig cfg = AlsConfig.defaults().withFactors(k).with(0.3, 0.7, 0.0, 0.0, 10.0);
        float[][] items = randomRows(90, k);
        Gram gram = IalsTrainer.gramOf(items, k);
        int[] observed = new int[23];
        float[] c = new float[observed.length];
        float[][] vs = new float[observed.length][];
        for (int j = 0; j < observed.length; j++) {
            observed[j] = 3 * j + 1;
            c[j] = 1 + j % 6;
            vs[j] = items[observed[j]];
        }
        ImplicitAls als = new ImplicitAls(cfg);
        float[] x = new float[k];
        float[] again = new float[k];
        als.solveRow(gram, vs, c, observed.length, x);
        als.solveRow(gram, vs, c, observed.length, again); // scratch left by the first solve must not leak into the second
        double[] expected = denseSolve(items, observed, c, 0.3, 0.7);
        for (int d = 0; d < k; d++) {
            assertThat((double) x[d]).isCloseTo(expected[d], within(1e-4));
            assertThat(again[d]).isEqualTo(x[d]);
        }
    }

    @Test
    void frequencyScaledRegularisationUsesSupportAndRowCount() {
        AlsConfig cfg = AlsConfig.defaults().withFactors(K).with(0.2, 0.5, 1.0, 0.0, 10.0);
        float[][] items = randomRows(25);
        Gram gram = IalsTrainer.gramOf(items, K);
        float[] c = {2f, 4f};
        float[][] vs = {items[1], items[2]};
        float[] x = new float[K];
        new ImplicitAls(cfg).solveRow(gram, vs, c, 2, x);
        double lambda = 0.5 * (6 + 0.2 * 25); // λ(Σc + w0·n)^1
        double[] expected = denseSolve(items, new int[] {1, 2}, c, 0.2, lambda);
        for (int d = 0; d < K; d++) assertThat((double) x[d]).isCloseTo(expected[d], within(1e-4));
    }

    @Test
    void solveFromAccumulatedStatisticsEqualsTheRowSolve() {
        AlsConfig cfg = AlsConfig.defaults().withFactors(K).with(0.1, 0.4, 0.0, 0.0, 10.0);
        ImplicitAls als = new ImplicitAls(cfg);
        float[][] users = randomRows(30);
        Gram gram = IalsTrainer.gramOf(users, K);
        PackedStats stats = new PackedStats(new float[PackedStats.packedLength(K)], new float[K], 0);
        float[] c = {1f, 6f, 3f};
        float[][] vs = {users[4], users[9], users[28]};
        for (int j = 0; j < 3; j++) stats = stats.add(vs[j], c[j]);
        float[] fromStats = new float[K], direct = new float[K];
        als.solveFromStats(gram, stats, fromStats);
        als.solveRow(gram, vs, c, 3, direct);
        assertThat(stats.support()).isEqualTo(10.0);
        for (int d = 0; d < K; d++) assertThat(fromStats[d]).isCloseTo(direct[d], within(1e-4f));
    }

    @Test
    void snapshotPriorReproducesTheSnapshotRowThenMovesTowardNewInteractors() {
        AlsConfig cfg = AlsConfig.defaults().withFactors(K).with(0.1, 0.4, 0.0, 0.0, 10.0);
        ImplicitAls als = new ImplicitAls(cfg);
        float[][] users = randomRows(50);
        Gram gram = IalsTrainer.gramOf(users, K);
        float[] y0 = randomRows(1)[0];
        PackedStats prior = PackedStats.priorFor(y0, 20.0, gram, als);
        float[] y = new float[K];
        als.solveFromStats(gram, prior, y);
        for (int d = 0; d < K; d++) assertThat(y[d]).isCloseTo(y0[d], within(1e-3f));

        float[] fan = users[7];
        PackedStats moved = prior;
        for (int t = 0; t < 30; t++) moved = moved.add(fan, 6f);
        als.solveFromStats(gram, moved, y);
        // The interactions inform the direction of the fan only: the predicted preference y·x_fan moves to ~1.
        assertThat(Math.abs(dot(y, fan) - 1)).isLessThan(0.2).isLessThan(Math.abs(dot(y0, fan) - 1));
    }

    @ParameterizedTest
    @ValueSource(ints = {5, 37, 64})
    void choleskyMatchesLuOnARandomSpdMatrixAndNeverReadsTheLowerTriangle(int k) {
        double[][] a = new double[k][k];
        double[][] full = new double[k][k];
        Random r = new Random(9);
        double[][] m = new double[k][k];
        for (double[] row : m) for (int j = 0; j < k; j++) row[j] = r.nextGaussian();
        for (int i = 0; i < k; i++)
            for (int j = 0; j < k; j++) {
                double s = i == j ? 1.0 : 0.0;
                for (int p = 0; p < k; p++) s += m[i][p] * m[j][p];
                full[i][j] = s;
                a[i][j] = j >= i ? s : 1e30; // the lower triangle is scratch: garbage there must not reach the solution
            }
        double[] b = new double[k];
        for (int i = 0; i < k; i++) b[i] = r.nextGaussian();
        double[] expected = new LUDecomposition(new Array2DRowRealMatrix(full)).getSolver().solve(new ArrayRealVector(b)).toArray();
        SymmetricSolver.solveInPlace(a, b, k);
        for (int i = 0; i < k; i++) assertThat(b[i]).isCloseTo(expected[i], within(1e-8));
    }

    @Test
    void gramFollowsReplacementsAndMatchesARecompute() {
        float[][] rows = randomRows(20);
        Gram g = IalsTrainer.gramOf(rows, K);
        float[] replacement = randomRows(1)[0];
        g.replace(rows[5], replacement);
        rows[5] = replacement;
        Gram fresh = IalsTrainer.gramOf(rows, K);
        assertThat(g.count()).isEqualTo(20);
        for (int i = 0; i < K * K; i++) assertThat(g.toFlatUpper()[i]).isCloseTo(fresh.toFlatUpper()[i], within(1e-9));
    }

    @Test
    void theItemTableRecomputesItsGramPeriodically() {
        ItemFactorTable table = new ItemFactorTable(K, 100);
        for (int i = 0; i < 250; i++) table.put("i" + (i % 7), randomRows(1)[0], 1);
        assertThat(table.recomputes()).isEqualTo(2);
        float[][] rows = new float[7][];
        for (int i = 0; i < 7; i++) rows[i] = table.row("i" + i);
        Gram fresh = IalsTrainer.gramOf(rows, K);
        assertThat(table.gram().count()).isEqualTo(7);
        for (int i = 0; i < K * K; i++) assertThat(table.gram().toFlatUpper()[i]).isCloseTo(fresh.toFlatUpper()[i], within(1e-9));
    }

    static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += (double) a[i] * b[i];
        return s;
    }

    static double cosine(float[] a, float[] b) {
        double dot = 0, na = 0, nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }
        return dot / Math.sqrt(na * nb);
    }
}
