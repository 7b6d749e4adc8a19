package com.streamlens.operators.mail.feedback;

import com.streamlens.state.records.ClickBudget;

/**
 * A token bucket per user over event time: {@code clickBurst} tokens, refilled at {@code clicksPerHour}; a click with no
 * token left is a burst no careful reader makes.
 */
public final class ClickBudgets {
    private ClickBudgets() {}

    /** Takes one token for a click at {@code ts}; false (the budget unchanged but refilled) when none is left. */
    public static boolean take(ClickBudget b, long ts, MailboxSettings s) {
        if (b.at == 0 && b.tokens == 0) b.tokens = s.clickBurst(); // a fresh budget starts full
        double hours = Math.max(0, ts - b.at) / 3_600_000.0;
        b.tokens = Math.min(s.clickBurst(), b.tokens + hours * s.clicksPerHour());
        b.at = Math.max(b.at, ts);
        if (b.tokens < 1) return false;
        b.tokens -= 1;
        return true;
    }
}
