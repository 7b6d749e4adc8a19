package com.streamlens.operators.abtest;

/**
 * n, mean and unbiased variance of a per-user metric, from the running sums the job keeps. The sums are
 * taken around a shift K (x − K) so that Σ(x−K)² − (Σ(x−K))²/n does not cancel catastrophically when the
 * mean is large against the spread.
 */
public record SampleStats(long n, double mean, double variance) {

    public static SampleStats ofShiftedSums(long n, double shift, double sumShifted, double sumSqShifted) {
        if (n == 0) return new SampleStats(0, Double.NaN, Double.NaN);
        double meanShifted = sumShifted / n;
        double var = n < 2 ? Double.NaN : Math.max(0, (sumSqShifted - n * meanShifted * meanShifted) / (n - 1));
        return new SampleStats(n, shift + meanShifted, var);
    }

    /** Squared standard error of the mean, s²/n. */
    public double varianceOfMean() {
        return variance / n;
    }
}
