package com.streamlens.operators.abtest;

import org.apache.commons.math3.distribution.ChiSquaredDistribution;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.distribution.TDistribution;

/**
 * The statistics of the A/B job, from summary statistics only (the job never holds raw samples).
 * Distributions come from commons-math; nothing here hand-rolls a special function.
 */
public final class AbMath {
    private static final NormalDistribution STD_NORMAL = new NormalDistribution(null, 0, 1);

    private AbMath() {}

    /**
     * Welch's unequal-variance t-test (Welch 1947): se² = s₁²/n₁ + s₀²/n₀,
     * ν = se⁴ / ((s₁²/n₁)²/(n₁−1) + (s₀²/n₀)²/(n₀−1)), t = (x̄₁ − x̄₀)/se, p = 2·(1 − F_ν(|t|)),
     * interval (x̄₁ − x̄₀) ± t_{ν,1−α/2}·se.
     */
    public static double[] welch(SampleStats control, SampleStats treatment, double alpha) {
        double v0 = control.varianceOfMean();
        double v1 = treatment.varianceOfMean();
        double se2 = v0 + v1;
        double diff = treatment.mean() - control.mean();
        if (!(se2 > 0) || control.n() < 2 || treatment.n() < 2) return new double[] {diff, Double.NaN, Double.NaN, Double.NaN};
        double df = se2 * se2 / (v1 * v1 / (treatment.n() - 1) + v0 * v0 / (control.n() - 1));
        TDistribution t = new TDistribution(null, df);
        double se = Math.sqrt(se2);
        double p = 2 * t.cumulativeProbability(-Math.abs(diff / se));
        double half = t.inverseCumulativeProbability(1 - alpha / 2) * se;
        return new double[] {diff, diff - half, diff + half, p};
    }

    /**
     * Two-proportion z-test: pooled p̂ = (x₁+x₀)/(n₁+n₀), z = (p̂₁ − p̂₀)/√(p̂(1−p̂)(1/n₁ + 1/n₀)),
     * p = 2Φ(−|z|); Wald interval (p̂₁ − p̂₀) ± z_{1−α/2}·√(p̂₁(1−p̂₁)/n₁ + p̂₀(1−p̂₀)/n₀).
     */
    public static double[] twoProportions(long x0, long n0, long x1, long n1, double alpha) {
        double p0 = (double) x0 / n0;
        double p1 = (double) x1 / n1;
        double diff = p1 - p0;
        double pooled = (double) (x0 + x1) / (n0 + n1);
        double sePooled = Math.sqrt(pooled * (1 - pooled) * (1.0 / n0 + 1.0 / n1));
        double p = sePooled > 0 ? 2 * STD_NORMAL.cumulativeProbability(-Math.abs(diff / sePooled)) : Double.NaN;
        double se = Math.sqrt(p1 * (1 - p1) / n1 + p0 * (1 - p0) / n0);
        double half = STD_NORMAL.inverseCumulativeProbability(1 - alpha / 2) * se;
        return new double[] {diff, diff - half, diff + half, p};
    }

    /**
     * Relative lift x̄₁/x̄₀ − 1 with its delta-method variance
     * Var ≈ Var(x̄₁)/x̄₀² + x̄₁²·Var(x̄₀)/x̄₀⁴, interval lift ± z_{1−α/2}·√Var.
     */
    public static double[] relativeLift(double mean0, double varMean0, double mean1, double varMean1, double alpha) {
        if (mean0 == 0) return new double[] {Double.NaN, Double.NaN, Double.NaN};
        double lift = mean1 / mean0 - 1;
        double var = varMean1 / (mean0 * mean0) + mean1 * mean1 * varMean0 / Math.pow(mean0, 4);
        double half = STD_NORMAL.inverseCumulativeProbability(1 - alpha / 2) * Math.sqrt(var);
        return new double[] {lift, lift - half, lift + half};
    }

    /**
     * Always-valid inference by the mixture SPRT with a normal mixture (Robbins 1970; Johari, Pekelis,
     * Walsh 2017 "Peeking at A/B tests"). For an estimate θ̂ with variance V and mixing prior N(0, τ²):
     * Λ = √(V/(V+τ²))·exp(τ²θ̂² / (2V(V+τ²))), p = min(1, 1/Λ) (the caller keeps the running minimum),
     * and the (1−α) confidence sequence θ̂ ± √((2V(V+τ²)/τ²)·(ln(1/α) + ½·ln((V+τ²)/V))).
     * Looking after every update does not inflate the false-positive rate above α.
     */
    public static double[] msprt(double thetaHat, double v, double tau2, double alpha) {
        if (!(v > 0) || !(tau2 > 0)) return new double[] {Double.NaN, Double.NaN, Double.NaN};
        double logLambda = 0.5 * Math.log(v / (v + tau2)) + tau2 * thetaHat * thetaHat / (2 * v * (v + tau2));
        double p = Math.min(1.0, Math.exp(-logLambda));
        double half = Math.sqrt((2 * v * (v + tau2) / tau2) * (Math.log(1 / alpha) + 0.5 * Math.log((v + tau2) / v)));
        return new double[] {p, thetaHat - half, thetaHat + half};
    }

    /**
     * Sample-ratio mismatch: Pearson's χ² goodness of fit of the assignment counts against the designed
     * split, χ² = Σ (O − E)²/E with k−1 degrees of freedom; returns the p-value.
     */
    public static double srmPValue(long[] observed, double[] designWeights) {
        long total = 0;
        double weightSum = 0;
        for (int i = 0; i < observed.length; i++) {
            total += observed[i];
            weightSum += designWeights[i];
        }
        if (observed.length < 2 || total == 0) return Double.NaN;
        double chi2 = 0;
        for (int i = 0; i < observed.length; i++) {
            double expected = total * designWeights[i] / weightSum;
            chi2 += (observed[i] - expected) * (observed[i] - expected) / expected;
        }
        return 1 - new ChiSquaredDistribution(null, observed.length - 1).cumulativeProbability(chi2);
    }

    /**
     * Bayesian chance to beat control under flat priors and the normal approximation of both posterior
     * means: P(μ₁ > μ₀) = Φ((x̄₁ − x̄₀)/√(s₁²/n₁ + s₀²/n₀)).
     */
    public static double chanceToBeat(double diff, double varDiff) {
        if (!(varDiff > 0)) return Double.NaN;
        return STD_NORMAL.cumulativeProbability(diff / Math.sqrt(varDiff));
    }

    /**
     * Ratio metric R = Σy/Σx over users (e.g. revenue per session) by the delta method (Deng et al. 2018):
     * R = ȳ/x̄, Var(R̂) ≈ (s_y² − 2R·s_xy + R²·s_x²) / (n·x̄²). Returns {R, Var(R̂)}.
     */
    public static double[] ratio(long n, double meanX, double meanY, double varX, double varY, double covXY) {
        if (n < 2 || meanX == 0) return new double[] {Double.NaN, Double.NaN};
        double r = meanY / meanX;
        double var = (varY - 2 * r * covXY + r * r * varX) / (n * meanX * meanX);
        return new double[] {r, Math.max(0, var)};
    }

    /** Two-sided z-test and (1−α) interval for a difference with known variance (large-sample; ratio metrics). */
    public static double[] zTest(double diff, double varDiff, double alpha) {
        if (!(varDiff > 0)) return new double[] {diff, Double.NaN, Double.NaN, Double.NaN};
        double se = Math.sqrt(varDiff);
        double half = STD_NORMAL.inverseCumulativeProbability(1 - alpha / 2) * se;
        return new double[] {diff, diff - half, diff + half, 2 * STD_NORMAL.cumulativeProbability(-Math.abs(diff / se))};
    }

    /**
     * CUPED (Deng, Xu, Kohavi, Walker 2013): Y_cv = Y − θ(X − μ_X) with θ = Cov(X,Y)/Var(X) pooled over
     * the compared variants; per variant the adjusted mean is ȳ − θ(x̄ − μ_X) and the adjusted variance
     * s_y² − 2θ·s_xy + θ²·s_x² (≤ s_y²: the variance reduction). Returns the adjusted {@link SampleStats}.
     */
    public static SampleStats cuped(long n, double meanX, double meanY, double varX, double varY, double covXY,
                                    double theta, double pooledMeanX) {
        double mean = meanY - theta * (meanX - pooledMeanX);
        double var = Math.max(0, varY - 2 * theta * covXY + theta * theta * varX);
        return new SampleStats(n, mean, var);
    }
}
