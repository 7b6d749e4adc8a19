package com.streamlens.state.records;

/**
 * A customer's mail account activity (churn job, keyed by user): logins and feedback clicks as counts decayed with a
 * 30-day half-life, and the last login. Flink POJO.
 */
public class AccountActivity {
    public long lastLogin = CustomerActivity.NONE;
    public float logins;
    public float feedback;
    /** Event time the decayed counts refer to. */
    public long decayedTo = CustomerActivity.NONE;

    public AccountActivity() {}
}
