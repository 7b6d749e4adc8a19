package com.streamlens.operators.abtest;

/**
 * Treatment against control for one metric: absolute difference with its (1−α) interval and p-value,
 * relative lift with a delta-method interval, and the always-valid (sequential) p-value and confidence
 * sequence. NaN where a figure is undefined (too few users, zero control mean).
 */
public record Comparison(
        double diff, double diffLow, double diffHigh, double pValue,
        double lift, double liftLow, double liftHigh,
        double seqPValue, double seqLow, double seqHigh,
        double chanceToBeatControl) {
}
