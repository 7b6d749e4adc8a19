package com.streamlens.state.records;

/** One user's membership in one experiment (keyed state of the attribution operator). */
public class UserExposure {
    public String variant;
    public long firstExposureTs;
    /** The user was also exposed to another variant; still counted once, in the first one. */
    public boolean multiple;
    /** Pre-exposure activity (page views in the 14 days before exposure): the CUPED covariate. */
    public double covariate;
    /** Metric values since exposure, indexed by {@link AbMetric#ordinal()}. */
    public double[] values;
    public String lastSessionId;

    public UserExposure() {}
}
