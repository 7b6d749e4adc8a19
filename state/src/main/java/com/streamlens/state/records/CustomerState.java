package com.streamlens.state.records;

import java.util.HashMap;
import java.util.Map;

/**
 * Everything the churn job keeps about one user (keyed state, one value: a due customer costs one read): their activity
 * per site and their mail account's activity (null until a login or feedback click). Flink POJO.
 */
public class CustomerState {
    public Map<String, CustomerActivity> sites = new HashMap<>();
    public AccountActivity account;

    public CustomerState() {}
}
