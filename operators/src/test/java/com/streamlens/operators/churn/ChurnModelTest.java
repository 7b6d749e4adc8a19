package com.streamlens.operators.churn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.streamlens.operators.io.BadInput;
import com.streamlens.operators.io.redis.RedisWrite;
import com.streamlens.operators.nd4j.TabularTrainer;
import com.streamlens.operators.stats.BinaryMetrics;
import com.streamlens.state.records.ChurnScore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.flink.api.common.functions.util.ListCollector;
import org.apache.flink.util.Collector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The churn model's trainer, its explanations, its artefact, and its Redis writes. */
public class ChurnModelTest {
    static final int RECENCY = ChurnFeatures.DAYS_SINCE_LAST_EVENT;
    static final int ORDERS = ChurnFeatures.ORDERS_TOTAL;

    /** Customers who left were away longer and bought less; noisy, so the classes overlap. */
    public static List<float[]> rows(boolean[] churned, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        List<float[]> x = new ArrayList<>();
        for (int i = 0; i < churned.length; i++) {
            churned[i] = rnd.nextDouble() < 0.4;
            float[] r = new float[ChurnFeatures.NAMES.size()];
            r[RECENCY] = (float) Math.max(0, (churned[i] ? 40 : 8) * Math.exp(0.6 * rnd.nextGaussian()));
            r[ORDERS] = (float) Math.max(0, (churned[i] ? 2 : 6) + 2 * rnd.nextGaussian());
            r[ChurnFeatures.NAMES.indexOf("cart_abandonment")] = (float) rnd.nextDouble();
            x.add(r);
        }
        return x;
    }

    @Test
    void logisticRegressionContributionsAddUpToTheLogOdds() {
        boolean[] y = new boolean[2000];
        List<float[]> x = rows(y, 1);
        ChurnModel m = ChurnTrainer.train(x, y, "lr", new TabularTrainer.Config(0, 20, 64, 1e-2, 1e-4, false, 3), line -> {});
        assertThat(BinaryMetrics.auc(m.probabilities(x), y)).isGreaterThan(0.85);
        INDArray w = m.net().network().getLayer(0).getParam("W");
        INDArray b = m.net().network().getLayer(0).getParam("b");
        double bias = b.getDouble(1) - b.getDouble(0);
        List<ChurnModel.Explained> explained = m.explain(x.subList(0, 20), ChurnFeatures.NAMES.size());
        for (int i = 0; i < 20; i++) {
            ChurnModel.Explained e = explained.get(i);
            double logit = Math.log(e.probability() / (1 - e.probability()));
            double sum = bias + e.top().stream().mapToDouble(c -> c.contribution).sum();
            assertThat(sum).as("b + Σ c = logit, row " + i).isCloseTo(logit, within(1e-3));
        }
        assertThat(w.rows()).isEqualTo(ChurnFeatures.NAMES.size());
        // A long absence raises the risk: its contribution for an absent customer is positive and among the largest.
        float[] away = x.get(0).clone();
        away[RECENCY] = 300;
        ChurnModel.Explained e = m.explain(List.of(away), 3).get(0);
        assertThat(e.top()).hasSize(3);
        assertThat(e.top().get(0).feature).isEqualTo("days_since_last_event");
        assertThat(e.top().get(0).contribution).isPositive();
        assertThat(e.top().get(0).value).isEqualTo(300);
        assertThat(Math.abs(e.top().get(0).contribution)).isGreaterThanOrEqualTo(Math.abs(e.top().get(1).contribution));
    }

    @Test
    void theMlpIsCalibratedAndItsExplanationsAreGradientTimesInput(@TempDir Path dir) throws Exception {
        boolean[] y = new boolean[3000];
        List<float[]> x = rows(y, 2);
        ChurnModel m = ChurnTrainer.train(x, y, "mlp", ChurnTrainer.defaults(), line -> {});
        double[] p = m.probabilities(x);
        assertThat(BinaryMetrics.auc(p, y)).isGreaterThan(0.85);
        double meanP = java.util.Arrays.stream(p).average().orElseThrow();
        double rate = 0;
        for (boolean c : y) rate += c ? 1.0 / y.length : 0;
        assertThat(meanP).as("not class-weighted: the mean probability is the churn rate").isCloseTo(rate, within(0.03));
        // Finite differences of the log-odds in z agree with the analytic gradient behind the contributions.
        float[] row = x.get(5);
        ChurnModel.Explained all = m.explain(List.of(row), ChurnFeatures.NAMES.size()).get(0);
        double c = all.top().stream().filter(f -> f.feature.equals("days_since_last_event")).findFirst().orElseThrow().contribution;
        float[] z = m.net().z(ChurnFeatures.modelInput(row));
        double h = 1e-2;
        double slope = (logit(m, z, RECENCY, h) - logit(m, z, RECENCY, -h)) / (2 * h);
        assertThat(c).isCloseTo(z[RECENCY] * slope, within(1e-3 + 0.01 * Math.abs(c)));

        Path saved = ChurnModelArtefact.save(dir, m, ChurnTrainer.defaults(), 90, Map.of("auc", 0.9), "sha");
        ChurnModel loaded = ChurnModelArtefact.load(saved);
        assertThat(loaded.version()).isEqualTo("mlp");
        assertThat(loaded.probabilities(x.subList(0, 10))).containsExactly(m.probabilities(x.subList(0, 10)), within(1e-6));
        assertThatThrownBy(() -> com.streamlens.operators.antibot.AntibotModelArtefact.load(saved))
                .hasMessageContaining("reads the features").hasMessageContaining("train-antibot");
    }

    /** The network's log-odds at z with z[j] moved by dz (the network read directly, as the explanations do). */
    private static double logit(ChurnModel m, float[] z, int j, double dz) {
        float[] moved = z.clone();
        moved[j] += (float) dz;
        INDArray in = org.nd4j.linalg.factory.Nd4j.create(moved, new long[] {1, moved.length}, 'c');
        double p = m.net().network().output(in, false).getDouble(0, 1);
        return Math.log(p / (1 - p));
    }

    @Test
    void picksTheLargestMagnitudesInOrder() {
        assertThat(ChurnModel.largestMagnitudes(new double[] {0, -5, 2, 4, -1}, 0, 5, 3)).containsExactly(1, 3, 2);
        assertThat(ChurnModel.largestMagnitudes(new double[] {9, 9, 1, -3, 2}, 2, 3, 2)).containsExactly(1, 2); // row 2..4
        assertThat(ChurnModel.largestMagnitudes(new double[] {1, 2}, 0, 2, 2)).containsExactly(1, 0);
    }

    @Test
    void refusesSnapshotsOfOneClass() {
        boolean[] y = new boolean[100];
        List<float[]> x = rows(y, 3);
        java.util.Arrays.fill(y, true);
        assertThatThrownBy(() -> ChurnTrainer.train(x, y, "t", ChurnTrainer.defaults(), line -> {}))
                .isInstanceOf(BadInput.class).hasMessageContaining("only customers who left");
    }

    @Test
    void aScoreUpdatesTheCustomersFieldAndTheTrimmedAtRiskSetAndAFinalOneRemovesThem() {
        ChurnScoreToRedis toRedis = new ChurnScoreToRedis(ChurnSettings.defaults());
        ChurnScore s = new ChurnScore();
        s.userId = "u1";
        s.siteId = "shop-1";
        s.probability = 0.8;
        s.topFeatures = List.of(new ChurnScore.FeatureContribution("days_since_last_event", 40, 1.2));
        s.modelVersion = "v1";
        s.trigger = ChurnScore.DAILY;
        List<RedisWrite> writes = new ArrayList<>();
        Collector<RedisWrite> out = new ListCollector<>(writes);
        toRedis.flatMap(s, out);
        assertThat(writes).hasSize(2);
        assertThat(writes.get(0).key).isEqualTo("churn:user:u1");
        assertThat(writes.get(0).fields.get("shop-1")).contains("\"probability\":0.8").contains("\"top_features\":[{\"feature\":\"days_since_last_event\"");
        assertThat(writes.get(1).key).isEqualTo("churn:at-risk:shop-1");
        assertThat(writes.get(1).scores).containsEntry("u1", 0.8);
        assertThat(writes.get(1).keepTop).isEqualTo(10_000);
        assertThat(writes).allSatisfy(w -> assertThat(w.ttlSeconds).isEqualTo(7 * 86_400));
        writes.clear();
        s.trigger = ChurnScore.FINAL;
        toRedis.flatMap(s, out);
        assertThat(writes).extracting(w -> w.remove).containsExactly(List.of("shop-1"), List.of("u1"));
        assertThat(writes.get(1).scores).isEmpty();
    }
}
