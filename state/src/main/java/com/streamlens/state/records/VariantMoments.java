package com.streamlens.state.records;

/** Everything the statistics of one variant need, as running moments (keyed state of the experiment aggregate). */
public class VariantMoments {
    public long users;
    public long multipleExposures;
    /** Per metric: x = pre-exposure covariate, y = metric value; indexed by {@link AbMetric#ordinal()}. */
    public Moments[] metrics;
    /** x = sessions, y = revenue: the ratio metric revenue per session. */
    public Moments revenuePerSession;

    public VariantMoments() {}

    public static VariantMoments empty() {
        VariantMoments v = new VariantMoments();
        v.metrics = new Moments[AbMetric.values().length];
        for (int i = 0; i < v.metrics.length; i++) v.metrics[i] = new Moments();
        v.revenuePerSession = new Moments();
        return v;
    }
}
