package com.streamlens.operators.mail.spam;

import java.io.Serializable;
import java.util.Arrays;

/**
 * Hashed character trigrams with sublinear TF-IDF, as in the seeds: lower-cased text with runs of white
 * space folded to one blank; every 3-character window is hashed (MurmurHash3's 64-bit finaliser over the
 * packed characters) into one of {@code buckets}. Optionally every word (a maximal run of letters and
 * digits) is hashed too (FNV-1a over its characters, then the same finaliser with another seed) into a
 * space of its own, {@code buckets} wide: the model then has a trigram tower and a word tower.
 * Weight w_j = (1 + ln tf_j) · idf_j, then each vector is L2-normalised. idf_j = ln((1 + N)/(1 + df_j)) + 1
 * is learned at training time, per space.
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

    /** Width of each feature space. */
    public int buckets() {
        return buckets;
    }

    /** Whether whole words are hashed (into their own space) beside the trigrams. */
    public boolean words() {
        return words;
    }

    /** A text's sparse vectors: its trigrams, and its words when the featuriser hashes words (else null). */
    public record Features(SparseVector trigrams, SparseVector words) {}

    /** Counts of one feature space for one text: a count per bucket plus the buckets touched (cleared after each text). */
    private final class Space {
        private final int[] count = new int[buckets];
        private int[] touched = new int[1024];
        private int distinct;

        /** Starts a text of at most {@code features} bucket occurrences: {@link #add} then needs no bounds check of its own. */
        private void reset(int features) {
            if (touched.length < features) touched = new int[Math.max(features, 2 * touched.length)];
            distinct = 0;
        }

        /** Counts one occurrence of bucket b, remembering it the first time; branch-free (first sight is a coin flip to the CPU). */
        private void add(int b) {
            touched[distinct] = b;
            distinct += (count[b]++ - 1) >>> 31;
        }

        /** The counts as a sparse vector (buckets in first-seen order); leaves the space clear. */
        private SparseVector drain() {
            int[] idx = Arrays.copyOf(touched, distinct);
            float[] val = new float[idx.length];
            for (int k = 0; k < idx.length; k++) {
                val[k] = count[idx[k]];
                count[idx[k]] = 0;
            }
            return new SparseVector(idx, val);
        }
    }

    /** Scratch for one thread (the scorer keeps its own; training uses a thread-local one). */
    public final class Workspace {
        private final Space trigrams = new Space();
        private final Space words = TrigramFeaturizer.this.words ? new Space() : null;
    }

    private transient ThreadLocal<Workspace> scratch;

    public Workspace newWorkspace() {
        return new Workspace();
    }

    /** Sparse term counts of a text. */
    public Features counts(String text) {
        if (scratch == null) scratch = ThreadLocal.withInitial(Workspace::new);
        return counts(text, scratch.get());
    }

    /** {@link #counts(String)} with the caller's workspace (no thread-local lookup per text). */
    public Features counts(String text, Workspace ws) {
        char[] norm = normalise(text);
        int n = norm.length;
        Space tri = ws.trigrams;
        tri.reset(n);
        if (!words) {
            for (int i = 0; i + 2 < n; i++) tri.add(bucket(norm[i], norm[i + 1], norm[i + 2]));
            return new Features(tri.drain(), null);
        }
        Space word = ws.words;
        word.reset((n + 1) / 2);
        // One pass for both: each word's FNV-1a hash is built as its characters go by.
        long h = FNV_OFFSET;
        boolean inWord = false;
        for (int i = 0; i < n; i++) {
            char c = norm[i];
            if (i + 2 < n) tri.add(bucket(c, norm[i + 1], norm[i + 2]));
            if (isWordChar(c)) {
                h = fnv1a(h, c);
                inWord = true;
            } else if (inWord) {
                word.add(wordBucket(h));
                h = FNV_OFFSET;
                inWord = false;
            }
        }
        if (inWord) word.add(wordBucket(h));
        return new Features(tri.drain(), word.drain());
    }

    /** Word characters are letters and digits; ASCII by table (most text), the rest by Character. */
    private static boolean isWordChar(char c) {
        return c < 128 ? ASCII_WORD_CHAR[c] : Character.isLetterOrDigit(c);
    }

    private static final boolean[] ASCII_WORD_CHAR = new boolean[128];

    static {
        for (char c = 0; c < 128; c++) ASCII_WORD_CHAR[c] = Character.isLetterOrDigit(c);
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
        for (int i = from; i < to; i++) h = fnv1a(h, text[i]);
        return wordBucket(h);
    }

    private static long fnv1a(long h, char c) {
        return (h ^ c) * FNV_PRIME;
    }

    private int wordBucket(long fnv1a) {
        return reduce(fmix64(fnv1a ^ WORD_SEED));
    }

    /** MurmurHash3's 64-bit finaliser (also the near-duplicate search's mixer). */
    static long fmix64(long h) {
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

    /** TF-IDF vectors of a text: trigrams weighted by {@code idf}, words (when hashed) by {@code wordIdf}. */
    public Features featurise(String text, float[] idf, float[] wordIdf, Workspace ws) {
        Features c = counts(text, ws);
        return new Features(tfidf(c.trigrams(), idf), c.words() == null ? null : tfidf(c.words(), wordIdf));
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
