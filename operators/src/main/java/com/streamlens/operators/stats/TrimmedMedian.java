package com.streamlens.operators.stats;

import java.util.Arrays;

/**
 * The seeds' speed statistic: drop the slowest {@code trimFraction} of the timings, take the median of
 * the rest. With n timings sorted ascending, keep k = n − ⌊trimFraction·n⌋ (at least 1) and return
 * x[(k−1)/2] for odd k, (x[k/2−1] + x[k/2]) / 2 for even k.
 */
public final class TrimmedMedian {
    public static final double DEFAULT_TRIM = 0.2;

    private TrimmedMedian() {}

    /** Sorts {@code timings} in place (callers pass a scratch copy). NaN when there are none. */
    public static double ofSlowestTrimmed(int[] timings, int n, double trimFraction) {
        if (n == 0) return Double.NaN;
        Arrays.sort(timings, 0, n);
        int k = Math.max(1, n - (int) Math.floor(trimFraction * n));
        return (k % 2 == 1) ? timings[(k - 1) / 2] : (timings[k / 2 - 1] + (double) timings[k / 2]) / 2.0;
    }
}
