package com.streamlens.operators.spam;

import java.io.Serializable;
import java.util.Arrays;

/**
 * Hashed character trigrams with sublinear TF-IDF, as in the seeds: lower-cased text with runs of white
 * space folded to one blank; every 3-character window is hashed (MurmurHash3's 64-bit finaliser over the
 * packed characters) into one of {@code buckets}. Optionally every word (a maximal run of letters and
 * digits) is hashed into the same buckets too (FNV-1a over its characters, then the same finaliser with
 * another seed): words carry over better from old to new mail than trigrams alone.
 * Weight w_j = (1 + ln tf_j) · idf_j, then the vector is L2-normalised. idf_j = ln((1 + N)/(1 + df_j)) + 1
 * is learned at training time.
 */
public final class TrigramFeaturizer implements Serializable {
    static final long SEED = 0x7F1A5EEDL;
    static final long WORD_SEED = 0x9E3779B97F4A7C15L;

    private final int buckets;
    private final boolean words;

    public TrigramFeaturizer(int buckets) {
        this(buckets, false);
    }

    public TrigramFeaturizer(int buckets, boolean words) {
        if (buckets < 16) throw new IllegalArgumentException("buckets must be ≥ 16, got " + buckets);
        this.buckets = buckets;
        this.words = words;
    }

    public int buckets() {
        return buckets;
    }

    /** Whether whole words are hashed beside the trigrams. */
    public boolean words() {
        return words;
    }

    /** Scratch for one thread: a count per bucket plus the list of buckets touched (reset after each text). */
    public final class Workspace {
        private final int[] count = new int[buckets];
        private int[] touched = new int[1024];
        private int distinct;

        /** Counts one occurrence of bucket b, remembering it the first time. */
        private void add(int b) {
            if (count[b]++ == 0) {
                if (distinct == touched.length) touched = Arrays.copyOf(touched, distinct * 2);
                touched[distinct++] = b;
            }
        }
    }

    /** Per-thread workspaces for callers without their own (training); the scorer keeps one of its own. */
    private transient ThreadLocal<Workspace> scratch;

    public Workspace newWorkspace() {
        return new Workspace();
    }

    /** Sparse term counts: distinct bucket indices (in first-seen order) and their counts. */
    public SparseVector counts(String text) {
        if (scratch == null) scratch = ThreadLocal.withInitial(Workspace::new);
        return counts(text, scratch.get());
    }

    /** {@link #counts(String)} with the caller's workspace (no thread-local lookup per text). */
    public SparseVector counts(String text, Workspace ws) {
        char[] norm = normalise(text);
        ws.distinct = 0;
        for (int i = 0; i + 2 < norm.length; i++) ws.add(bucket(norm[i], norm[i + 1], norm[i + 2]));
        if (words) {
            int start = -1;
            for (int i = 0; i <= norm.length; i++) {
                if (i < norm.length && Character.isLetterOrDigit(norm[i])) {
                    if (start < 0) start = i;
                } else if (start >= 0) {
                    ws.add(wordBucket(norm, start, i));
                    start = -1;
                }
            }
        }
        int[] count = ws.count;
        int[] idx = Arrays.copyOf(ws.touched, ws.distinct);
        float[] val = new float[idx.length];
        for (int k = 0; k < idx.length; k++) {
            val[k] = count[idx[k]];
            count[idx[k]] = 0;
        }
        return new SparseVector(idx, val);
    }

    /** The bucket of one trigram: its three UTF-16 units packed into a long, mixed by MurmurHash3's fmix64, scaled to [0, buckets). */
    int bucket(char a, char b, char c) {
        return reduce(fmix64((((long) a << 32) | ((long) b << 16) | c) ^ SEED));
    }

    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;

    /** The bucket of the word {@code text[from, to)}: FNV-1a over its characters, then mixed and reduced like a trigram. */
    int wordBucket(char[] text, int from, int to) {
        long h = FNV_OFFSET;
        for (int i = from; i < to; i++) h = (h ^ text[i]) * FNV_PRIME;
        return reduce(fmix64(h ^ WORD_SEED));
    }

    private static long fmix64(long h) {
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }

    /** Lemire's multiply-shift range reduction of the high 32 bits: no 64-bit division per feature. */
    private int reduce(long h) {
        return (int) (((h >>> 32) * buckets) >>> 32);
    }

    /** 1 + ln(tf) for the small counts nearly every trigram has; larger ones are computed. */
    private static final float[] SUBLINEAR_TF = new float[256];

    static {
        for (int tf = 1; tf < SUBLINEAR_TF.length; tf++) SUBLINEAR_TF[tf] = (float) (1 + Math.log(tf));
    }

    /** TF-IDF weights, L2-normalised, of the counts (in place on a copy). */
    public SparseVector tfidf(SparseVector counts, float[] idf) {
        float[] w = new float[counts.values().length];
        double norm = 0;
        for (int i = 0; i < w.length; i++) {
            int tf = (int) counts.values()[i];
            float sub = tf < SUBLINEAR_TF.length ? SUBLINEAR_TF[tf] : (float) (1 + Math.log(tf));
            w[i] = sub * idf[counts.indices()[i]];
            norm += (double) w[i] * w[i];
        }
        float inv = norm > 0 ? (float) (1 / Math.sqrt(norm)) : 0f;
        for (int i = 0; i < w.length; i++) w[i] *= inv;
        return new SparseVector(counts.indices(), w);
    }

    public SparseVector featurise(String text, float[] idf) {
        return tfidf(counts(text), idf);
    }

    public SparseVector featurise(String text, float[] idf, Workspace ws) {
        return tfidf(counts(text, ws), idf);
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
        char[] out = new char[text.length()];
        int n = 0;
        boolean space = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c <= ' ' ? (c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f' || c == 0x0B) : Character.isWhitespace(c)) {
                if (!space && n > 0) out[n++] = ' ';
                space = true;
            } else {
                out[n++] = c < 128 ? (c >= 'A' && c <= 'Z' ? (char) (c + 32) : c) : Character.toLowerCase(c);
                space = false;
            }
        }
        return n == out.length ? out : Arrays.copyOf(out, n);
    }
}
