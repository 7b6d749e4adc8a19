package com.streamlens.operators.runtime;

import java.time.Duration;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.streaming.api.TimerService;

/**
 * A key's processing-time expiry, {@code ttl} after its last activity, rounded up to the hour so an active key
 * moves its timer once an hour instead of once per event. The fire time lives in keyed state (the caller's
 * descriptor), which is how the owner tells this timer from its others in {@code onTimer}.
 */
public final class ExpiryTimer {
    private static final long HOUR = 3_600_000L;

    private final ValueState<Long> firesAt;
    private final long ttlMs;

    public ExpiryTimer(ValueState<Long> firesAt, Duration ttl) {
        this.firesAt = firesAt;
        this.ttlMs = ttl.toMillis();
    }

    /** The current key was active at {@code now}: its expiry moves to ttl from now (hour-rounded), the old timer goes. */
    public void touch(long now, TimerService timers) throws Exception {
        long at = Math.floorDiv(now + ttlMs + HOUR - 1, HOUR) * HOUR;
        Long current = firesAt.value();
        if (current != null && current == at) return;
        if (current != null) timers.deleteProcessingTimeTimer(current);
        timers.registerProcessingTimeTimer(at);
        firesAt.update(at);
    }

    /** Whether a timer firing at {@code ts} is the current key's expiry. */
    public boolean isDue(long ts) throws Exception {
        Long at = firesAt.value();
        return at != null && at == ts;
    }

    /** Forgets the expiry (call when the key's state is cleared). */
    public void clear() {
        firesAt.clear();
    }
}
