package com.streamlens.state.records;

/** A user's feedback-click token bucket (keyed state): tokens left at {@link #at}, event time. */
public class ClickBudget {
    public double tokens;
    public long at;

    public ClickBudget() {}
}
