package com.streamlens.operators.abtest;

import static org.assertj.core.api.Assertions.assertThat;

import com.streamlens.operators.abtest.AbSimulation.Config;
import com.streamlens.operators.abtest.AbSimulation.Result;
import org.junit.jupiter.api.Test;

/**
 * Peeking, through the job's own code path ({@link AbSimulation}: users arriving over time, values replaced as they
 * accumulate, a look every 10 s of simulated time). The naive fixed-horizon p-value, read at every look, rejects far
 * more than 5% of A/A tests; the always-valid mSPRT p-value does not, for every metric kind, and finds a real effect.
 * {@code scripts/eval-ab} runs the same with 4,000 users per experiment.
 */
class SequentialTestingSimulationTest {
    static final double ALPHA = 0.05;
    static final int EXPERIMENTS = 400;

    @Test
    void continuousMonitoringKeepsTheFalsePositiveRateOfEveryMetricOnlyWithTheSequentialTest() {
        Result aa = AbSimulation.run(new Config(EXPERIMENTS, 1000, 5, 10_000, ALPHA, 1.0, 0, 2026), done -> {});
        double simulationError = 2 * Math.sqrt(ALPHA * (1 - ALPHA) / EXPERIMENTS);
        System.out.printf("A/A, %d experiments, %d looks each: sequential %s, naive %s%n", EXPERIMENTS,
                aa.looks() / EXPERIMENTS, aa.sequentialRejectRate(), aa.naiveRejectRate());
        assertThat(aa.looks() / EXPERIMENTS).as("looks per experiment").isGreaterThan(20);
        for (String m : AbSimulation.METRICS) {
            assertThat(aa.sequentialRejectRate().get(m)).as("sequential FPR of " + m).isLessThanOrEqualTo(ALPHA + simulationError);
        }
        assertThat(aa.naiveRejectRate().get("revenue")).as("peeking inflates the naive test").isGreaterThan(2 * ALPHA);
    }

    @Test
    void aRealEffectIsDetectedOnEveryMetric() {
        Result ab = AbSimulation.run(new Config(100, 4000, 20, 10_000, ALPHA, 1.0, 0.2, 99), done -> {});
        System.out.printf("A/B +0.2 sd: sequential detection %s%n", ab.sequentialRejectRate());
        for (String m : AbSimulation.METRICS) {
            assertThat(ab.sequentialRejectRate().get(m)).as("power on " + m).isGreaterThanOrEqualTo(0.95);
        }
    }
}
