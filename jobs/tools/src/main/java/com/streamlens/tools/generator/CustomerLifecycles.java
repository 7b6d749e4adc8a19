package com.streamlens.tools.generator;

import java.util.SplittableRandom;

/**
 * Customers' life cycles for the generator: most stay, some fade out, some leave abruptly. Each user's fate is a fixed
 * function of the user (no draw from the generator's stream), placed in {@code [start, start + span)}: a leaver is
 * gone from a moment on, a fader's visits thin out linearly over a quarter of the span after theirs. The truth is
 * {@link #fate}, for tests and demos that want to know who was meant to leave.
 */
public final class CustomerLifecycles {
    public enum Fate { STAYS, FADES, LEAVES }

    static final double FADE_SHARE = 0.12;
    static final double LEAVE_SHARE = 0.08;

    private final long start;
    private final long span;

    public CustomerLifecycles(long start, long spanMs) {
        if (spanMs <= 0) throw new IllegalArgumentException("the life-cycle span must be positive, got " + spanMs);
        this.start = start;
        this.span = spanMs;
    }

    public Fate fate(int user) {
        double u = new SplittableRandom(user * 0x9E3779B97F4A7C15L + 11).nextDouble();
        return u < LEAVE_SHARE ? Fate.LEAVES : u < LEAVE_SHARE + FADE_SHARE ? Fate.FADES : Fate.STAYS;
    }

    /** When the user's decline starts (leavers: when they go), somewhere in the middle 80% of the span. */
    long turn(int user) {
        double u = new SplittableRandom(user * 0xC2B2AE3D27D4EB4FL + 5).nextDouble();
        return start + (long) ((0.1 + 0.8 * u) * span);
    }

    /** The share of the user's usual activity left at {@code ts}: 1 before their turn, then 0 (leavers) or fading to 0. */
    public double activity(int user, long ts) {
        Fate f = fate(user);
        if (f == Fate.STAYS) return 1;
        long turn = turn(user);
        if (ts < turn) return 1;
        if (f == Fate.LEAVES) return 0;
        return Math.max(0, 1 - (double) (ts - turn) / (span / 4.0));
    }
}
