package com.streamlens.state.records;

/** A change of the user Gram matrix XᵀX (upper triangle, row-major k×k) and of its row count. */
public class GramDelta {
    public double[] upper;
    public long count;

    public GramDelta() {}

    public GramDelta(double[] upper, long count) {
        this.upper = upper;
        this.count = count;
    }
}
