package com.streamlens.operators.content;

import java.util.Arrays;

/**
 * A visitor's content profile: at most {@code maxTags} tags whose weights decay exponentially in event time with a
 * half-life h, w(t) = w(t₀) · 2^(−(t − t₀)/h). The weights are stored as of {@link #asOf}, the latest event seen; an
 * interaction adds strength × the item's (unit) tag weights, a late one discounted by its age. When the profile is
 * over its size the weakest tags go. Plain fields so that Flink serialises it as a POJO.
 */
public final class TagProfile {
    public String[] tags = new String[0];
    public float[] weights = new float[0];
    /** Event time (ms) the weights are stated at. */
    public long asOf;

    public TagProfile() {}

    public int size() {
        return tags.length;
    }

    /** Adds an interaction with an item: {@code strength} × its tag weights at event time {@code ts}. */
    public void add(TagVector item, double strength, long ts, double halfLifeMs, int maxTags) {
        double contribution = strength;
        if (tags.length == 0 || ts >= asOf) {
            decay(ts, halfLifeMs);
        } else {
            contribution *= Math.pow(2, -(asOf - ts) / halfLifeMs); // a late event counts as old as it is
        }
        String[] t = Arrays.copyOf(tags, tags.length + item.size());
        float[] w = Arrays.copyOf(weights, weights.length + item.size());
        int n = tags.length;
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
        if (tags.length > 0 && now > asOf) {
            float f = (float) Math.pow(2, -(now - asOf) / halfLifeMs);
            for (int i = 0; i < weights.length; i++) weights[i] *= f;
        }
        if (now > asOf || tags.length == 0) asOf = now;
    }

    /** The profile as a vector, strongest first, decayed to {@code now}. */
    public TagVector vector(long now, double halfLifeMs) {
        float f = now > asOf ? (float) Math.pow(2, -(now - asOf) / halfLifeMs) : 1f;
        Integer[] order = new Integer[tags.length];
        for (int i = 0; i < order.length; i++) order[i] = i;
        Arrays.sort(order, (a, b) -> Float.compare(weights[b], weights[a]));
        String[] t = new String[tags.length];
        float[] w = new float[tags.length];
        for (int i = 0; i < order.length; i++) {
            t[i] = tags[order[i]];
            w[i] = weights[order[i]] * f;
        }
        return new TagVector(t, w);
    }

    private void keepStrongest(String[] t, float[] w, int n, int maxTags) {
        if (n <= maxTags) {
            tags = Arrays.copyOf(t, n);
            weights = Arrays.copyOf(w, n);
            return;
        }
        // Drop the n − maxTags weakest: the cut is the maxTags-th largest weight (ties broken by position).
        float[] sorted = Arrays.copyOf(w, n);
        Arrays.sort(sorted);
        float cut = sorted[n - maxTags];
        int above = 0;
        for (int i = 0; i < n; i++) if (w[i] > cut) above++;
        int ties = maxTags - above;
        String[] kt = new String[maxTags];
        float[] kw = new float[maxTags];
        int k = 0;
        for (int i = 0; i < n; i++) {
            if (w[i] > cut || (w[i] == cut && ties-- > 0)) {
                kt[k] = t[i];
                kw[k++] = w[i];
            }
        }
        tags = kt;
        weights = kw;
    }

    private static int indexOf(String[] t, int n, String tag) {
        int h = tag.hashCode();
        for (int i = 0; i < n; i++) if (t[i].hashCode() == h && t[i].equals(tag)) return i;
        return -1;
    }
}
