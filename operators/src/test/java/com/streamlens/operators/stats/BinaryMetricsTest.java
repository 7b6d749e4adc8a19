package com.streamlens.operators.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class BinaryMetricsTest {
    @Test
    void aucCountsCorrectlyOrderedPairsWithTiesAsHalf() {
        double[] s = {0.9, 0.8, 0.8, 0.3, 0.1};
        boolean[] y = {true, true, false, true, false};
        // Pairs (pos, neg): (0.9,0.8)=1 (0.9,0.1)=1 (0.8,0.8)=½ (0.8,0.1)=1 (0.3,0.8)=0 (0.3,0.1)=1 → 4.5/6.
        assertThat(BinaryMetrics.auc(s, y)).isCloseTo(0.75, within(1e-12));
    }

    @Test
    void recallAtAFixedFalsePositiveRateAndThresholdMetrics() {
        double[] s = new double[1000 + 10];
        boolean[] y = new boolean[s.length];
        for (int i = 0; i < 1000; i++) s[i] = i / 1000.0;             // hams spread over [0, 1)
        for (int i = 0; i < 10; i++) {
            s[1000 + i] = 0.9985 + i * 0.0001;                        // spam; 3 of them below the top ham (0.999)
            y[1000 + i] = true;
        }
        // 0.1% of 1000 hams = 1 false positive allowed: threshold is the second-highest ham, 0.998.
        assertThat(BinaryMetrics.recallAtFpr(s, y, 0.001)).isCloseTo(1.0, within(1e-12));
        // No false positive allowed: only spam strictly above the top ham (0.999) counts: 0.9991..0.9994.
        assertThat(BinaryMetrics.recallAtFpr(s, y, 0.0)).isCloseTo(0.4, within(1e-12));
        var m = BinaryMetrics.atThreshold(s, y, 0.999);
        assertThat(m.get("fpr")).isCloseTo(0.001, within(1e-12));
        assertThat(m.get("recall")).as("spam at or above 0.999: 0.9990..0.9994").isCloseTo(0.5, within(1e-12));
    }

    @Test
    void bestF1ThresholdTakesTheBroadRidgeOverALoneSpike() {
        java.util.List<double[]> mails = new java.util.ArrayList<>(); // {score, 1 = spam}
        for (int i = 0; i < 90; i++) mails.add(new double[] {0.95, 1});
        for (int i = 0; i < 10; i++) mails.add(new double[] {0.30, 1});  // caught only at t ≤ 0.30
        for (int i = 0; i < 2; i++) mails.add(new double[] {0.305, 0});  // false positives at t ≤ 0.30
        for (int i = 0; i < 12; i++) mails.add(new double[] {0.29, 0});  // false positives at t ≤ 0.29
        double[] s = mails.stream().mapToDouble(m -> m[0]).toArray();
        boolean[] y = new boolean[s.length];
        for (int i = 0; i < y.length; i++) y[i] = mails.get(i)[1] == 1;
        // F1: 200/214 below 0.30, a spike of 200/202 at 0.30, a ridge of 180/190 from 0.31 to 0.95.
        assertThat(BinaryMetrics.atThreshold(s, y, 0.30).get("f1")).isCloseTo(200 / 202.0, within(1e-12));
        assertThat(BinaryMetrics.atThreshold(s, y, 0.31).get("f1")).isCloseTo(180 / 190.0, within(1e-12));
        // The spike counts once in a ±0.05 window: the best window is 0.30–0.40, centred on the ridge.
        assertThat(BinaryMetrics.bestF1Threshold(s, y)).isCloseTo(0.35, within(1e-12));
    }

    @Test
    void probabilityMetricsAsComputedByHand() {
        double[] p = {0.9, 0.6, 0.4, 0.2};
        boolean[] y = {true, false, true, false};
        // Ranked: +, −, +, −: precision 1 at the first positive, 2/3 at the second → AP = (1 + 2/3) / 2.
        assertThat(BinaryMetrics.averagePrecision(p, y)).isCloseTo(5.0 / 6, within(1e-12));
        assertThat(BinaryMetrics.brier(p, y))
                .isCloseTo((0.01 + 0.36 + 0.36 + 0.04) / 4, within(1e-12));
        assertThat(BinaryMetrics.logLoss(p, y))
                .isCloseTo(-(Math.log(0.9) + Math.log(0.4) + Math.log(0.4) + Math.log(0.8)) / 4, within(1e-12));
        var bins = BinaryMetrics.calibration(p, y, 10);
        assertThat(bins).hasSize(10);
        assertThat(bins.get(9).count()).isEqualTo(1);
        assertThat(bins.get(9).observed()).isEqualTo(1.0);
        assertThat(bins.get(6).meanPredicted()).isCloseTo(0.6, within(1e-12));
        assertThat(bins.get(6).observed()).isZero();
        assertThat(bins.get(0).count()).isZero();
    }
}
