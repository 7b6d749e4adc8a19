package com.streamlens.operators.churn;

import com.streamlens.operators.runtime.Ttl;
import com.streamlens.state.records.CustomerState;
import java.time.Duration;
import org.apache.flink.api.common.state.ValueStateDescriptor;

/**
 * The churn job's keyed state (key: user id), one place for its name and type. Lifecycle: a customer's site entry lives
 * from their first event there until a score timer finds no activity for the lifetime (a last score, then it goes), and
 * the value goes with its last site; the processing-time TTL only backs that up, for keys whose timers never fire.
 */
public final class ChurnState {
    /** Slack of the backstop TTL past the lifetime: event time may lag the wall clock. */
    private static final Duration BACKSTOP = Duration.ofDays(30);

    private ChurnState() {}

    /** The customer's activity per site and their mail account's activity. */
    public static ValueStateDescriptor<CustomerState> customer(Duration lifetime) {
        ValueStateDescriptor<CustomerState> d = new ValueStateDescriptor<>("churn-customer", CustomerState.class);
        d.enableTimeToLive(Ttl.afterLastWrite(lifetime.plus(BACKSTOP)));
        return d;
    }
}
