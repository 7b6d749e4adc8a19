package com.streamlens.operators.abtest;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One row of experiment statistics (topic {@code ab-stats}, upsert by experiment/variant/metric; Redis hash
 * {@code ab:{experiment}}). Comparison fields are against the control variant and null on the control row
 * or where undefined. Intervals are 95%.
 */
public class AbStat {
    public String experiment;
    public String variant;
    public String metric;
    /** mean | rate | ratio */
    public String kind;
    public long users;
    public double multipleExposureRate;
    public Double mean;
    public Double variance;
    /** Σy over the variant's users. */
    public Double sum;
    /** Σy², derived from the stable moments (M2 + n·ȳ²), never accumulated raw. */
    public Double sumSquares;
    public Double controlMean;
    public Double diff;
    public Double diffLow;
    public Double diffHigh;
    /** Welch t-test (means, ratio: z on the delta-method variance) or two-proportion z-test (rates). Fixed-horizon: valid at one planned look only. */
    public Double pValue;
    public Double lift;
    public Double liftLow;
    public Double liftHigh;
    /** Always-valid mSPRT p-value: safe to watch continuously (running minimum over the experiment). */
    @JsonProperty("seq_p_value")
    public Double seqPValue;
    public Double seqLow;
    public Double seqHigh;
    public Double chanceToBeatControl;
    /** CUPED-adjusted difference and its Welch p-value (covariate: pre-exposure page views). */
    public Double cupedDiff;
    public Double cupedLow;
    public Double cupedHigh;
    @JsonProperty("cuped_p_value")
    public Double cupedPValue;
    public Double srmPValue;
    /** Sample-ratio mismatch: assignment counts deviate from the design at p < 0.001. */
    public boolean srm;
    public long updatedAt;

    public AbStat() {}

    public String key() {
        return experiment + "/" + variant + "/" + metric;
    }
}
