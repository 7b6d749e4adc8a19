package com.streamlens.operators.abtest;

/** A user's metric vector in an experiment changed (or the user joined): what the per-experiment aggregate applies. */
public class AbUserChange {
    public String experiment;
    public String variant;
    /** Null when the user just joined the experiment. */
    public double[] before;
    public double[] after;
    public double covariate;
    /** The user was just found exposed to a second variant. */
    public boolean becameMultiple;

    public AbUserChange() {}

    public AbUserChange(String experiment, String variant, double[] before, double[] after, double covariate, boolean becameMultiple) {
        this.experiment = experiment;
        this.variant = variant;
        this.before = before;
        this.after = after;
        this.covariate = covariate;
        this.becameMultiple = becameMultiple;
    }
}
