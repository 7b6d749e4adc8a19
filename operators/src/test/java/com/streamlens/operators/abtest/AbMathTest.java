package com.streamlens.operators.abtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.streamlens.state.records.Moments;
import java.util.Random;
import org.apache.commons.math3.distribution.TDistribution;
import org.apache.commons.math3.stat.StatUtils;
import org.apache.commons.math3.stat.inference.ChiSquareTest;
import org.apache.commons.math3.stat.inference.TTest;
import org.junit.jupiter.api.Test;

/** Our summary-statistics formulas against commons-math's raw-sample reference implementations. */
class AbMathTest {
    static final double EPS = 1e-9;

    static double[] sample(Random r, int n, double mean, double sd) {
        double[] xs = new double[n];
        for (int i = 0; i < n; i++) xs[i] = mean + sd * r.nextGaussian();
        return xs;
    }

    /** The job's path: running Welford moments → SampleStats. */
    static SampleStats viaMoments(double[] ys) {
        Moments m = new Moments();
        for (double y : ys) m.add(0, y);
        return new SampleStats(m.n, m.meanY, m.varianceY());
    }

    @Test
    void welchMatchesCommonsMathOnRawSamples() {
        Random r = new Random(1);
        double[] control = sample(r, 137, 1000.0, 40);
        double[] treatment = sample(r, 211, 1007.5, 55);
        double[] ours = AbMath.welch(viaMoments(control), viaMoments(treatment), 0.05);

        assertThat(ours[3]).isCloseTo(new TTest().tTest(treatment, control), within(EPS));
        // Reference interval straight from the raw samples.
        double v0 = StatUtils.variance(control) / control.length;
        double v1 = StatUtils.variance(treatment) / treatment.length;
        double df = (v0 + v1) * (v0 + v1) / (v1 * v1 / (treatment.length - 1) + v0 * v0 / (control.length - 1));
        double half = new TDistribution(df).inverseCumulativeProbability(0.975) * Math.sqrt(v0 + v1);
        double diff = StatUtils.mean(treatment) - StatUtils.mean(control);
        assertThat(ours[0]).isCloseTo(diff, within(EPS));
        assertThat(ours[1]).isCloseTo(diff - half, within(EPS));
        assertThat(ours[2]).isCloseTo(diff + half, within(EPS));
    }

    @Test
    void twoProportionZTestEqualsPearsonChiSquareOnTheTwoByTwoTable() {
        long x0 = 480, n0 = 5000, x1 = 560, n1 = 5100;
        double[] ours = AbMath.twoProportions(x0, n0, x1, n1, 0.05);
        double reference = new ChiSquareTest().chiSquareTest(new long[][] {{x0, n0 - x0}, {x1, n1 - x1}});
        assertThat(ours[3]).isCloseTo(reference, within(EPS));
        double p0 = 480.0 / 5000, p1 = 560.0 / 5100;
        double se = Math.sqrt(p0 * (1 - p0) / n0 + p1 * (1 - p1) / n1);
        assertThat(ours[1]).isCloseTo(p1 - p0 - 1.959963984540054 * se, within(EPS));
        assertThat(ours[2]).isCloseTo(p1 - p0 + 1.959963984540054 * se, within(EPS));
    }

    @Test
    void srmFiresOnA52To48SplitButNotOn50Point2To49Point8() {
        double[] design = {1, 1};
        double skewed = AbMath.srmPValue(new long[] {10_400, 9_600}, design);
        double fine = AbMath.srmPValue(new long[] {10_040, 9_960}, design);
        System.out.printf("SRM p-value 52/48 of 20,000 users: %.3g; 50.2/49.8: %.3g%n", skewed, fine);
        assertThat(skewed).isLessThan(ExperimentReport.SRM_ALPHA);
        assertThat(fine).isGreaterThan(0.1);
        assertThat(skewed).isCloseTo(new ChiSquareTest().chiSquareTest(new double[] {10_000, 10_000}, new long[] {10_400, 9_600}), within(EPS));
    }

    @Test
    void movingMomentsEqualABatchComputationAfterAddsRemovesAndReplaces() {
        Random r = new Random(7);
        double[] xs = new double[500];
        double[] ys = new double[500];
        Moments m = new Moments();
        for (int i = 0; i < 500; i++) {
            xs[i] = r.nextInt(30);
            ys[i] = 1e6 + r.nextGaussian(); // a large mean: naive sums of squares would lose the variance
            m.add(xs[i], ys[i]);
        }
        for (int i = 0; i < 500; i += 3) {
            double y = 1e6 + 2 * r.nextGaussian();
            m.replace(xs[i], ys[i], y);
            ys[i] = y;
        }
        assertThat(m.meanY).isCloseTo(StatUtils.mean(ys), within(1e-6));
        assertThat(m.varianceY()).isCloseTo(StatUtils.variance(ys), within(1e-6));
        assertThat(m.varianceX()).isCloseTo(StatUtils.variance(xs), within(1e-9));
        double cov = new org.apache.commons.math3.stat.correlation.Covariance().covariance(xs, ys);
        assertThat(m.covarianceXY()).isCloseTo(cov, within(1e-6));

        Moments a = new Moments();
        Moments b = new Moments();
        for (int i = 0; i < 500; i++) (i < 200 ? a : b).add(xs[i], ys[i]);
        Moments c = Moments.combine(a, b);
        assertThat(c.varianceY()).isCloseTo(StatUtils.variance(ys), within(1e-6));
        assertThat(c.covarianceXY()).isCloseTo(cov, within(1e-6));
    }

    @Test
    void cupedKeepsTheEffectAndShrinksTheVarianceWhenTheCovariatePredictsTheMetric() {
        Random r = new Random(3);
        Moments c = new Moments();
        Moments t = new Moments();
        for (int i = 0; i < 4000; i++) {
            double x = 10 + 3 * r.nextGaussian();
            double noise = r.nextGaussian();
            if (i % 2 == 0) c.add(x, 2 * x + noise);
            else t.add(x, 2 * x + noise + 0.5);
        }
        Moments pooled = Moments.combine(c, t);
        double theta = pooled.covarianceXY() / pooled.varianceX();
        SampleStats ac = AbMath.cuped(c.n, c.meanX, c.meanY, c.varianceX(), c.varianceY(), c.covarianceXY(), theta, pooled.meanX);
        SampleStats at = AbMath.cuped(t.n, t.meanX, t.meanY, t.varianceX(), t.varianceY(), t.covarianceXY(), theta, pooled.meanX);
        assertThat(theta).isCloseTo(2.0, within(0.05));
        assertThat(at.mean() - ac.mean()).isCloseTo(0.5, within(0.1));
        assertThat(ac.variance()).isLessThan(c.varianceY() / 10);
    }

    @Test
    void deltaMethodRatioMatchesItsFormulaOnRawData() {
        Random r = new Random(11);
        int n = 300;
        double[] sessions = new double[n];
        double[] revenue = new double[n];
        Moments m = new Moments();
        for (int i = 0; i < n; i++) {
            sessions[i] = 1 + r.nextInt(5);
            revenue[i] = sessions[i] * 20 + 10 * r.nextGaussian();
            m.add(sessions[i], revenue[i]);
        }
        double[] ours = AbMath.ratio(m.n, m.meanX, m.meanY, m.varianceX(), m.varianceY(), m.covarianceXY());
        double mx = StatUtils.mean(sessions), my = StatUtils.mean(revenue), ratio = StatUtils.sum(revenue) / StatUtils.sum(sessions);
        double cov = new org.apache.commons.math3.stat.correlation.Covariance().covariance(sessions, revenue);
        double var = (StatUtils.variance(revenue) - 2 * ratio * cov + ratio * ratio * StatUtils.variance(sessions)) / (n * mx * mx);
        assertThat(ours[0]).isCloseTo(ratio, within(EPS));
        assertThat(ours[1]).isCloseTo(var, within(EPS));
        assertThat(my / mx).isCloseTo(ratio, within(EPS));
    }

    @Test
    void msprtEqualsTheMixtureLikelihoodRatioIntegratedNumerically() {
        double[][] cases = { // θ̂, V, τ²: small and large effects, early (V ≈ τ²) and late (V ≪ τ²) looks
                {0.0, 1.0, 1.0}, {0.5, 0.04, 1.0}, {1.2, 0.04, 1.0}, {-0.3, 0.001, 0.25}, {0.05, 1e-4, 0.01}, {2.0, 0.5, 4.0}};
        for (double[] c : cases) {
            double ours = AbMath.msprt(c[0], c[1], c[2], 0.05)[0];
            double reference = MixtureLikelihood.pValue(c[0], c[1], c[2]);
            assertThat(ours).as("θ̂=%s V=%s τ²=%s", c[0], c[1], c[2]).isCloseTo(reference, within(1e-6 + 1e-6 * reference));
        }
    }

    @Test
    void theConfidenceSequenceIsTheSetOfEffectsTheSequentialTestDoesNotReject() {
        double thetaHat = 0.4, v = 0.01, tau2 = 0.5, alpha = 0.05;
        double[] seq = AbMath.msprt(thetaHat, v, tau2, alpha);
        // At its edges the test of θ₀ = edge (θ̂ − θ₀ against the same mixture) sits exactly at α.
        assertThat(MixtureLikelihood.pValue(thetaHat - seq[1], v, tau2)).isCloseTo(alpha, within(1e-6));
        assertThat(MixtureLikelihood.pValue(thetaHat - seq[2], v, tau2)).isCloseTo(alpha, within(1e-6));
    }
}
