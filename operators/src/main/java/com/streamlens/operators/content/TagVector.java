package com.streamlens.operators.content;

import java.util.Arrays;
import java.util.Map;

/** Tags with weights, strongest first: an item's TF-IDF tags or a profile's decayed ones. Immutable. */
public record TagVector(String[] tags, float[] weights) {
    public static final TagVector EMPTY = new TagVector(new String[0], new float[0]);

    public TagVector {
        if (tags.length != weights.length) throw new IllegalArgumentException("one weight per tag");
    }

    public int size() {
        return tags.length;
    }

    public double norm() {
        double s = 0;
        for (float w : weights) s += (double) w * w;
        return Math.sqrt(s);
    }

    /** The {@code k} heaviest of {@code weights} (positive ones only), strongest first; L2-normalised when {@code unit}. */
    public static TagVector top(Map<String, Double> weights, int k, boolean unit) {
        String[] tags = weights.keySet().toArray(new String[0]);
        double[] w = new double[tags.length];
        for (int i = 0; i < tags.length; i++) w[i] = weights.get(tags[i]);
        TagVector v = top(tags, w, tags.length, k);
        if (unit) return v;
        float[] raw = new float[v.size()];
        for (int i = 0; i < raw.length; i++) raw[i] = weights.get(v.tags[i]).floatValue();
        return new TagVector(v.tags, raw);
    }

    /** The {@code k} heaviest of the first {@code n} (tag, weight) pairs (positive ones only), strongest first, L2-normalised. */
    public static TagVector top(String[] tags, double[] weights, int n, int k) {
        Integer[] order = new Integer[n];
        int m = 0;
        for (int i = 0; i < n; i++) if (weights[i] > 0) order[m++] = i;
        Arrays.sort(order, 0, m, (a, b) -> weights[a] != weights[b] ? Double.compare(weights[b], weights[a]) : tags[a].compareTo(tags[b]));
        int size = Math.min(k, m);
        double norm = 0;
        for (int i = 0; i < size; i++) norm += weights[order[i]] * weights[order[i]];
        double scale = norm > 0 ? 1 / Math.sqrt(norm) : 1;
        String[] t = new String[size];
        float[] w = new float[size];
        for (int i = 0; i < size; i++) {
            t[i] = tags[order[i]];
            w[i] = (float) (weights[order[i]] * scale);
        }
        return new TagVector(t, w);
    }

    /** cos(a, b) = a·b / (|a| |b|); 0 when either is empty. */
    public static double cosine(TagVector a, TagVector b) {
        double na = a.norm(), nb = b.norm();
        if (na == 0 || nb == 0) return 0;
        double dot = 0;
        for (int i = 0; i < a.tags.length; i++) {
            for (int j = 0; j < b.tags.length; j++) {
                if (a.tags[i].equals(b.tags[j])) dot += (double) a.weights[i] * b.weights[j];
            }
        }
        return dot / (na * nb);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TagVector v && Arrays.equals(tags, v.tags) && Arrays.equals(weights, v.weights);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(tags) + Arrays.hashCode(weights);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("{");
        for (int i = 0; i < tags.length; i++) sb.append(i > 0 ? ", " : "").append(tags[i]).append('=').append(weights[i]);
        return sb.append('}').toString();
    }
}
