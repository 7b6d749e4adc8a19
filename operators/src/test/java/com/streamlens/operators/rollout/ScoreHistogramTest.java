package com.streamlens.operators.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.streamlens.state.records.RolloutPlan;
import java.util.Random;
import org.apache.commons.math3.stat.inference.MannWhitneyUTest;
import org.junit.jupiter.api.Test;

class ScoreHistogramTest {
    static long[] histogram(double[] scores) {
        long[] h = new long[ScoreHistogram.BINS];
        for (double s : scores) h[ScoreHistogram.bin(s)]++;
        return h;
    }

    static double[] beta(Random r, int n, double shift) {
        double[] out = new double[n];
        for (int i = 0; i < n; i++) out[i] = Math.min(0.999, Math.max(0, (r.nextDouble() + r.nextDouble()) / 2 + shift));
        return out;
    }

    @Test
    void binsClampScoresIntoTheEndBins() {
        assertThat(ScoreHistogram.bin(0)).isZero();
        assertThat(ScoreHistogram.bin(1)).isEqualTo(ScoreHistogram.BINS - 1);
        assertThat(ScoreHistogram.bin(-0.5)).isZero();
        assertThat(ScoreHistogram.bin(0.505)).isEqualTo(50);
    }

    @Test
    void divergencesAreZeroForOneDistributionAndLargeForDisjointOnes() {
        Random r = new Random(1);
        long[] a = histogram(beta(r, 5_000, 0));
        assertThat(ScoreHistogram.jensenShannon(a, a)).isCloseTo(0, within(1e-12));
        assertThat(ScoreHistogram.populationStability(a, a)).isCloseTo(0, within(1e-12));
        long[] low = histogram(new double[] {0.01, 0.02, 0.03, 0.04});
        long[] high = new long[ScoreHistogram.BINS];
        high[99] = 10_000;
        long[] lowMany = new long[ScoreHistogram.BINS];
        lowMany[0] = 10_000;
        assertThat(ScoreHistogram.jensenShannon(lowMany, high)).as("disjoint: near the 1-bit maximum").isGreaterThan(0.95).isLessThanOrEqualTo(1);
        assertThat(ScoreHistogram.populationStability(lowMany, high)).isGreaterThan(0.25);
        assertThat(ScoreHistogram.jensenShannon(low, low)).isZero();
    }

    @Test
    void mannWhitneyMatchesCommonsMathWithoutTiesAndMeasuresTheEffect() {
        // Distinct bins, one score each: no ties, so the tie-corrected normal approximation is the textbook one.
        double[] x = {0.005, 0.035, 0.105, 0.215, 0.305, 0.415, 0.505, 0.615, 0.705, 0.815};
        double[] y = {0.025, 0.145, 0.255, 0.455, 0.555, 0.655, 0.755, 0.855, 0.955, 0.985};
        ScoreHistogram.MannWhitney mw = ScoreHistogram.mannWhitney(histogram(x), histogram(y));
        assertThat(mw.p()).isCloseTo(new MannWhitneyUTest().mannWhitneyUTest(x, y), within(1e-9));
        long[] low = new long[ScoreHistogram.BINS];
        long[] high = new long[ScoreHistogram.BINS];
        low[10] = 50;
        high[90] = 50;
        ScoreHistogram.MannWhitney shifted = ScoreHistogram.mannWhitney(low, high);
        assertThat(shifted.effectSize()).as("every candidate score above every serving one").isEqualTo(1.0);
        assertThat(shifted.p()).isLessThan(1e-10);
        assertThat(ScoreHistogram.mannWhitney(low, low).effectSize()).isEqualTo(0.5);
        assertThat(ScoreHistogram.mannWhitney(low, low).p()).as("all tied: no evidence").isEqualTo(1.0);
        assertThat(ScoreHistogram.mannWhitney(new long[ScoreHistogram.BINS], high).p()).isEqualTo(1.0);
    }

    static RolloutPlan plan(long minEvents, long dwellSeconds) {
        RolloutPlan p = new RolloutPlan();
        p.minEvents = minEvents;
        p.minDwellSeconds = dwellSeconds;
        return p;
    }

    @Test
    void theGateHoldsOnTooLittleDataPassesASimilarModelAndFailsAMovedOne() {
        Random r = new Random(7);
        double[] old = beta(r, 4_000, 0);
        long[] serving = histogram(old);
        double[] retrained = new double[old.length];
        for (int i = 0; i < old.length; i++) retrained[i] = Math.min(0.999, Math.max(0, old[i] + r.nextGaussian() * 0.02));
        long[] similar = histogram(retrained);
        long positives = java.util.Arrays.stream(old).filter(s -> s >= 0.5).count();
        long similarPositives = java.util.Arrays.stream(retrained).filter(s -> s >= 0.5).count();

        var hold = RolloutGate.judge(new RolloutGate.Evidence(serving, similar, positives, similarPositives), 10_000, plan(5_000, 1));
        assertThat(hold.outcome()).isEqualTo(RolloutGate.Outcome.INCONCLUSIVE);
        assertThat(hold.reason()).contains("4000 of 5000 events");
        var early = RolloutGate.judge(new RolloutGate.Evidence(serving, similar, positives, similarPositives), 500, plan(100, 60));
        assertThat(early.outcome()).as("events enough, dwell not").isEqualTo(RolloutGate.Outcome.INCONCLUSIVE);

        var pass = RolloutGate.judge(new RolloutGate.Evidence(serving, similar, positives, similarPositives), 60_000, plan(100, 60));
        assertThat(pass.outcome()).as(pass.reason()).isEqualTo(RolloutGate.Outcome.PASS);
        assertThat(pass.figures().js()).isLessThan(0.01);

        // Everything positive: the positive rate more than doubles.
        var allSpam = RolloutGate.judge(new RolloutGate.Evidence(serving, similar, positives, old.length), 60_000, plan(100, 60));
        assertThat(allSpam.outcome()).isEqualTo(RolloutGate.Outcome.FAIL);
        assertThat(allSpam.reason()).contains("positive rate 1.0000");

        // Scores shifted up by 0.3: distributions and ranks move.
        long[] shifted = histogram(beta(new Random(8), 4_000, 0.3));
        var moved = RolloutGate.judge(new RolloutGate.Evidence(serving, shifted, positives, positives), 60_000, plan(100, 60));
        assertThat(moved.outcome()).isEqualTo(RolloutGate.Outcome.FAIL);
        assertThat(moved.reason()).contains("JS divergence").contains("PSI").contains("Mann-Whitney");
    }
}
