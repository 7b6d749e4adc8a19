package com.streamlens.operators.rollout;

import org.apache.commons.math3.distribution.NormalDistribution;

/**
 * Counts of model scores in [0, 1] over {@link #BINS} equal bins: what the scoring subtasks ship to the judge (a few
 * hundred bytes however many events) and what the gate compares. The divergences read it coarsened to
 * {@link #COARSE_BINS}; the Mann–Whitney test reads all bins, scores in one bin being ties.
 */
public final class ScoreHistogram {
    public static final int BINS = 100;
    public static final int COARSE_BINS = 20;
    private static final NormalDistribution STANDARD_NORMAL = new NormalDistribution(null, 0, 1);

    private ScoreHistogram() {}

    /** The bin of a score; scores outside [0, 1] are clamped into the end bins (the canary check keeps NaN out). */
    public static int bin(double score) {
        int b = (int) (score * BINS);
        return b < 0 ? 0 : Math.min(BINS - 1, b);
    }

    public static long total(long[] counts) {
        long n = 0;
        for (long c : counts) n += c;
        return n;
    }

    /**
     * The distribution over {@link #COARSE_BINS} bins with Jeffreys smoothing, p_i = (c_i + ½) / (n + k/2), so that an
     * empty bin on one side gives a finite divergence instead of an infinite one.
     */
    static double[] smoothedCoarse(long[] counts) {
        int per = BINS / COARSE_BINS;
        double[] p = new double[COARSE_BINS];
        for (int i = 0; i < BINS; i++) p[i / per] += counts[i];
        double n = total(counts) + COARSE_BINS * 0.5;
        for (int i = 0; i < COARSE_BINS; i++) p[i] = (p[i] + 0.5) / n;
        return p;
    }

    /** Jensen–Shannon divergence in bits, in [0, 1]: JS = ½ KL(P‖M) + ½ KL(Q‖M), M = ½(P + Q) (Lin 1991). */
    public static double jensenShannon(long[] serving, long[] candidate) {
        double[] p = smoothedCoarse(serving);
        double[] q = smoothedCoarse(candidate);
        double js = 0;
        for (int i = 0; i < p.length; i++) {
            double m = (p[i] + q[i]) / 2;
            js += 0.5 * p[i] * log2(p[i] / m) + 0.5 * q[i] * log2(q[i] / m);
        }
        return Math.max(0, js);
    }

    /** Population stability index PSI = Σ (q_i − p_i) ln(q_i / p_i), serving P as the reference (Yurdakul 2018). */
    public static double populationStability(long[] serving, long[] candidate) {
        double[] p = smoothedCoarse(serving);
        double[] q = smoothedCoarse(candidate);
        double psi = 0;
        for (int i = 0; i < p.length; i++) psi += (q[i] - p[i]) * Math.log(q[i] / p[i]);
        return psi;
    }

    /** A Mann–Whitney comparison: the two-sided p-value and the effect size A = P(candidate > serving) + ½ P(tie). */
    public record MannWhitney(double p, double effectSize) {}

    /**
     * Mann–Whitney U of the candidate's scores against the serving model's, scores in one bin tied at their midrank,
     * with the normal approximation and the tie correction σ² = n₁n₂/12 · ((N + 1) − Σ(t³ − t) / (N(N − 1)))
     * (Mann & Whitney 1947; Vargha & Delaney 2000 for A = U / (n₁n₂)). Either side empty: p = 1, A = ½.
     */
    public static MannWhitney mannWhitney(long[] serving, long[] candidate) {
        double n1 = total(serving);
        double n2 = total(candidate);
        if (n1 == 0 || n2 == 0) return new MannWhitney(1, 0.5);
        double n = n1 + n2;
        double below = 0;
        double candidateRanks = 0;
        double ties = 0;
        for (int b = 0; b < BINS; b++) {
            double t = serving[b] + candidate[b];
            if (t == 0) continue;
            candidateRanks += candidate[b] * (below + (t + 1) / 2);
            ties += t * t * t - t;
            below += t;
        }
        double u = candidateRanks - n2 * (n2 + 1) / 2;
        double variance = n1 * n2 / 12 * ((n + 1) - ties / (n * (n - 1)));
        double effect = u / (n1 * n2);
        if (variance <= 0) return new MannWhitney(1, effect); // every score in one bin: no evidence of a shift
        double z = (u - n1 * n2 / 2) / Math.sqrt(variance);
        return new MannWhitney(Math.min(1, 2 * STANDARD_NORMAL.cumulativeProbability(-Math.abs(z))), effect);
    }

    private static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }
}
