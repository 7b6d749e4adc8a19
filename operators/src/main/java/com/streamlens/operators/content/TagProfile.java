package com.streamlens.operators.content;

import com.streamlens.state.records.ContentProfile;
import java.util.Arrays;

/**
 * A visitor's content profile: at most {@code maxTags} tags whose weights decay exponentially in event time with a
 * half-life h, w(t) = w(t₀) · 2^(−(t − t₀)/h). The weights are stored as of {@link #asOf}, the latest event seen; an
 * interaction adds strength × the item's (unit) tag weights, a late one discounted by its age. When the profile is
 * over its size the weakest tags go. The numbers live in a {@link ContentProfile}, the POJO the job keeps in state.
 */
public final class TagProfile {
    private final ContentProfile state;

    public TagProfile() {
        this(new ContentProfile());
    }

    public TagProfile(ContentProfile state) {
        this.state = state;
    }

    public ContentProfile state() {
        return state;
    }

    public int size() {
        return state.tags.length;
    }

    /** Adds an interaction with an item: {@code strength} × its tag state.weights at event time {@code ts}. */
    public void add(TagVector item, double strength, long ts, double halfLifeMs, int maxTags) {
        double contribution = strength;
        if (state.tags.length == 0 || ts >= state.asOf) {
            decay(ts, halfLifeMs);
        } else {
            contribution *= Math.pow(2, -(state.asOf - ts) / halfLifeMs); // a late event counts as old as it is
        }
        String[] t = Arrays.copyOf(state.tags, state.tags.length + item.size());
        float[] w = Arrays.copyOf(state.weights, state.weights.length + item.size());
        int n = state.tags.length;
        for (int j = 0; j < item.size(); j++) {
            String tag = item.tags()[j];
            int at = indexOf(t, n, tag);
            float add = (float) (contribution * item.weights()[j]);
            if (at >= 0) {
                w[at] += add;
            } else {
                t[n] = tag;
                w[n++] = add;
            }
        }
        keepStrongest(t, w, n, maxTags);
    }

    /** Restates the weights at time {@code now} (never backwards). */
    public void decay(long now, double halfLifeMs) {
        if (state.tags.length > 0 && now > state.asOf) {
            float f = (float) Math.pow(2, -(now - state.asOf) / halfLifeMs);
            for (int i = 0; i < state.weights.length; i++) state.weights[i] *= f;
        }
        if (now > state.asOf || state.tags.length == 0) state.asOf = now;
    }

    /** The profile as a vector, strongest first, decayed to {@code now}. */
    public TagVector vector(long now, double halfLifeMs) {
        float f = now > state.asOf ? (float) Math.pow(2, -(now - state.asOf) / halfLifeMs) : 1f;
        Integer[] order = new Integer[state.tags.length];
        for (int i = 0; i < order.length; i++) order[i] = i;
        Arrays.sort(order, (a, b) -> Float.compare(state.weights[b], state.weights[a]));
        String[] t = new String[state.tags.length];
        float[] w = new float[state.tags.length];
        for (int i = 0; i < order.length; i++) {
            t[i] = state.tags[order[i]];
            w[i] = state.weights[order[i]] * f;
        }
        return new TagVector(t, w);
    }

    private void keepStrongest(String[] t, float[] w, int n, int maxTags) {
        if (n <= maxTags) {
            state.tags = Arrays.copyOf(t, n);
            state.weights = Arrays.copyOf(w, n);
            return;
        }
        // Drop the n − maxTags weakest (a handful per interaction): each pass removes the weakest left, ties the latest.
        boolean[] drop = new boolean[n];
        for (int d = n - maxTags; d > 0; d--) {
            int weakest = -1;
            for (int i = 0; i < n; i++) if (!drop[i] && (weakest < 0 || w[i] <= w[weakest])) weakest = i;
            drop[weakest] = true;
        }
        String[] kt = new String[maxTags];
        float[] kw = new float[maxTags];
        int k = 0;
        for (int i = 0; i < n; i++) {
            if (!drop[i]) {
                kt[k] = t[i];
                kw[k++] = w[i];
            }
        }
        state.tags = kt;
        state.weights = kw;
    }

    private static int indexOf(String[] t, int n, String tag) {
        int h = tag.hashCode();
        for (int i = 0; i < n; i++) if (t[i].hashCode() == h && t[i].equals(tag)) return i;
        return -1;
    }
}
