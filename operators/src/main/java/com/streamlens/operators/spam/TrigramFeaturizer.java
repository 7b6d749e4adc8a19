package com.streamlens.operators.spam;

import java.io.Serializable;
import java.util.Arrays;
import org.apache.datasketches.hash.MurmurHash3;

/**
 * Hashed character trigrams with sublinear TF-IDF, as in the seeds: lower-cased text with runs of white
 * space folded to one blank; every 3-character window is hashed (MurmurHash3) into one of {@code buckets};
 * weight w_j = (1 + ln tf_j) · idf_j, then the vector is L2-normalised. idf_j = ln((1 + N)/(1 + df_j)) + 1
 * is learned at training time.
 */
public final class TrigramFeaturizer implements Serializable {
    static final long SEED = 0x7F1A5EEDL;

    private final int buckets;

    public TrigramFeaturizer(int buckets) {
        if (buckets < 16) throw new IllegalArgumentException("buckets must be ≥ 16, got " + buckets);
        this.buckets = buckets;
    }

    public int buckets() {
        return buckets;
    }

    /** Sparse term counts: sorted distinct bucket indices and their counts. */
    public SparseVector counts(String text) {
        char[] norm = normalise(text);
        int n = Math.max(0, norm.length - 2);
        int[] hashes = new int[n];
        for (int i = 0; i < n; i++) {
            long h = MurmurHash3.hash(norm, i, 3, SEED)[0];
            hashes[i] = (int) Math.floorMod(h, (long) buckets);
        }
        Arrays.sort(hashes);
        int distinct = 0;
        for (int i = 0; i < n; i++) if (i == 0 || hashes[i] != hashes[i - 1]) distinct++;
        int[] idx = new int[distinct];
        float[] val = new float[distinct];
        int k = -1;
        for (int i = 0; i < n; i++) {
            if (i == 0 || hashes[i] != hashes[i - 1]) idx[++k] = hashes[i];
            val[k]++;
        }
        return new SparseVector(idx, val);
    }

    /** TF-IDF weights, L2-normalised, of the counts (in place on a copy). */
    public SparseVector tfidf(SparseVector counts, float[] idf) {
        float[] w = new float[counts.values().length];
        double norm = 0;
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) ((1 + Math.log(counts.values()[i])) * idf[counts.indices()[i]]);
            norm += (double) w[i] * w[i];
        }
        float inv = norm > 0 ? (float) (1 / Math.sqrt(norm)) : 0f;
        for (int i = 0; i < w.length; i++) w[i] *= inv;
        return new SparseVector(counts.indices(), w);
    }

    public SparseVector featurise(String text, float[] idf) {
        return tfidf(counts(text), idf);
    }

    /** idf_j = ln((1 + N)/(1 + df_j)) + 1 over the training documents' counts. */
    public float[] learnIdf(Iterable<SparseVector> documents) {
        int[] df = new int[buckets];
        int n = 0;
        for (SparseVector d : documents) {
            for (int j : d.indices()) df[j]++;
            n++;
        }
        float[] idf = new float[buckets];
        for (int j = 0; j < buckets; j++) idf[j] = (float) (Math.log((1.0 + n) / (1.0 + df[j])) + 1);
        return idf;
    }

    static char[] normalise(String text) {
        StringBuilder sb = new StringBuilder(text.length());
        boolean space = false;
        for (int i = 0; i < text.length(); i++) {
            char c = Character.toLowerCase(text.charAt(i));
            if (Character.isWhitespace(c)) {
                if (!space && sb.length() > 0) sb.append(' ');
                space = true;
            } else {
                sb.append(c);
                space = false;
            }
        }
        return sb.toString().toCharArray();
    }
}
