package com.streamlens.operators.abtest;

import static org.assertj.core.api.Assertions.assertThat;

import com.streamlens.state.records.AbMetric;
import com.streamlens.state.records.VariantMoments;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Peeking: 400 simulated experiments, statistics computed by the job's own code after every batch of
 * users. The naive fixed-horizon p-value, read at every look, rejects far more than 5% of A/A tests; the
 * always-valid mSPRT p-value does not, and still finds a real effect.
 */
class SequentialTestingSimulationTest {
    static final int EXPERIMENTS = 400;
    static final int LOOKS = 40;
    static final int USERS_PER_LOOK = 50; // per arm
    static final double ALPHA = 0.05;

    record Outcome(double naiveRejectRate, double sequentialRejectRate) {}

    static Outcome simulate(double trueEffect, long seed) {
        ExperimentReport report = new ExperimentReport("control", ALPHA, 1.0);
        Random r = new Random(seed);
        int naive = 0;
        int sequential = 0;
        for (int e = 0; e < EXPERIMENTS; e++) {
            Map<String, VariantMoments> arms = new HashMap<>(Map.of("control", VariantMoments.empty(), "treatment", VariantMoments.empty()));
            Map<String, Double> minSeqP = new HashMap<>();
            boolean naiveRejected = false;
            boolean seqRejected = false;
            for (int look = 0; look < LOOKS; look++) {
                for (int u = 0; u < USERS_PER_LOOK; u++) {
                    for (String arm : List.of("control", "treatment")) {
                        double[] values = new double[AbMetric.values().length];
                        values[AbMetric.REVENUE.ordinal()] = 100 + 30 * r.nextGaussian() + (arm.equals("treatment") ? trueEffect : 0);
                        AggregateExperiment.applyChange(arms.get(arm), new AbUserChange("e", arm, null, values, 0, false));
                    }
                }
                AbStat revenue = report.report("e", arms, minSeqP, 0).stream()
                        .filter(s -> s.variant.equals("treatment") && s.metric.equals("revenue")).findFirst().orElseThrow();
                naiveRejected |= revenue.pValue < ALPHA;
                seqRejected |= revenue.seqPValue < ALPHA;
            }
            if (naiveRejected) naive++;
            if (seqRejected) sequential++;
        }
        return new Outcome((double) naive / EXPERIMENTS, (double) sequential / EXPERIMENTS);
    }

    @Test
    void continuousMonitoringKeepsTheFalsePositiveRateOnlyWithTheSequentialTest() {
        Outcome aa = simulate(0, 2026);
        double simulationError = 2 * Math.sqrt(ALPHA * (1 - ALPHA) / EXPERIMENTS);
        System.out.printf("A/A, %d experiments, %d looks: false-positive rate naive t-test %.3f, always-valid mSPRT %.3f%n",
                EXPERIMENTS, LOOKS, aa.naiveRejectRate(), aa.sequentialRejectRate());
        assertThat(aa.sequentialRejectRate()).isLessThanOrEqualTo(ALPHA + simulationError);
        assertThat(aa.naiveRejectRate()).as("peeking inflates the naive test").isGreaterThan(2 * ALPHA);
    }

    @Test
    void aRealEffectIsDetected() {
        Outcome ab = simulate(6, 99); // +6 on a per-user sd of 30 (0.2 sd), 2,000 users per arm at the last look
        System.out.printf("A/B with a true +6 effect: detection rate naive %.3f, always-valid mSPRT %.3f%n",
                ab.naiveRejectRate(), ab.sequentialRejectRate());
        assertThat(ab.sequentialRejectRate()).isGreaterThan(0.8);
    }
}
