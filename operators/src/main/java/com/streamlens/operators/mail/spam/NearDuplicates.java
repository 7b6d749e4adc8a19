package com.streamlens.operators.mail.spam;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Collapses copies of one letter before any split, so that no letter sits on both sides of one. Two letters are copies
 * when their bodies are equal or near-equal: the Jaccard similarity of their sets of word trigrams (w-shingling,
 * Broder 1997) is at least the threshold (0.9 by default). Near pairs are found with MinHash signatures of
 * {@value #HASHES} hashes, banded for LSH into {@value #BANDS} bands of {@value #ROWS} rows (a pair at J = 0.9 becomes a
 * candidate with probability 1 − (1 − 0.9⁸)¹⁶ > 0.9999), and every candidate is confirmed on its exact sets.
 * Copies chain into groups. <b>Rule</b>: a group whose letters carry both labels is dropped whole (nobody can say which
 * label is right, and keeping one by corpus order would let folder names decide); any other group keeps its first letter
 * in corpus order (for SpamAssassin the oldest folder first) and drops the rest.
 */
public final class NearDuplicates {
    public static final double DEFAULT_JACCARD = 0.9;
    static final int BANDS = 16;
    static final int ROWS = 8;
    static final int HASHES = BANDS * ROWS;

    /** What survived and what went: copies of a kept letter (exact: its body came earlier; near: the rest) and the letters of groups with both labels. */
    public record Result(List<LabeledMail> kept, int exactRemoved, int nearRemoved, int conflictGroups, int conflictsDropped) {}

    private NearDuplicates() {}

    public static Result collapse(List<LabeledMail> mails, double jaccard) {
        if (!(jaccard > 0 && jaccard <= 1)) throw new IllegalArgumentException("Jaccard threshold must be in (0, 1], got " + jaccard);
        int n = mails.size();
        UnionFind groups = new UnionFind(n);
        // Exact copies first: one representative per distinct body goes on to the (costlier) near search.
        Map<ByteBuffer, Integer> firstWithBody = new HashMap<>();
        ByteBuffer[] bodyHash = new ByteBuffer[n];
        List<Integer> distinct = new ArrayList<>();
        MessageDigest sha = SpamCorpus.sha256();
        for (int i = 0; i < n; i++) {
            bodyHash[i] = ByteBuffer.wrap(sha.digest(MailText.body(mails.get(i).text()).getBytes(StandardCharsets.UTF_8)));
            Integer first = firstWithBody.putIfAbsent(bodyHash[i], i);
            if (first == null) distinct.add(i);
            else groups.union(first, i);
        }
        long[][] shingles = new long[n][];
        Map<Long, List<Integer>> bucket = new HashMap<>();
        for (int i : distinct) {
            shingles[i] = shingles(MailText.body(mails.get(i).text()));
            if (shingles[i].length == 0) continue; // nothing to compare but its exact copies
            long[] signature = minHash(shingles[i]);
            for (int b = 0; b < BANDS; b++) {
                long key = b;
                for (int r = 0; r < ROWS; r++) key = TrigramFeaturizer.fmix64(key * 31 + signature[b * ROWS + r]);
                List<Integer> members = bucket.computeIfAbsent(key, k -> new ArrayList<>());
                for (int j : members) {
                    if (groups.find(i) != groups.find(j) && jaccard(shingles[i], shingles[j]) >= jaccard) groups.union(i, j);
                }
                members.add(i);
            }
        }
        Map<Integer, List<Integer>> byGroup = new LinkedHashMap<>(); // in the order of each group's first letter
        for (int i = 0; i < n; i++) byGroup.computeIfAbsent(groups.find(i), k -> new ArrayList<>()).add(i);
        boolean[] keep = new boolean[n];
        int exact = 0, near = 0, conflictGroups = 0, conflicts = 0;
        for (List<Integer> g : byGroup.values()) {
            boolean spam = mails.get(g.get(0)).spam();
            if (g.stream().anyMatch(i -> mails.get(i).spam() != spam)) {
                conflictGroups++;
                conflicts += g.size();
                continue;
            }
            keep[g.get(0)] = true;
            for (int k = 1; k < g.size(); k++) {
                int i = g.get(k);
                if (firstWithBody.get(bodyHash[i]) != i) exact++; // its body came earlier: an exact copy
                else near++;
            }
        }
        List<LabeledMail> kept = new ArrayList<>();
        for (int i = 0; i < n; i++) if (keep[i]) kept.add(mails.get(i));
        return new Result(kept, exact, near, conflictGroups, conflicts);
    }

    /** The body's set of word trigrams (words: runs of letters and digits, lower-cased), hashed, sorted, distinct; a body of 1–2 words is one shingle. */
    static long[] shingles(String body) {
        List<String> words = new ArrayList<>();
        StringBuilder w = new StringBuilder();
        for (int i = 0; i <= body.length(); i++) {
            char c = i < body.length() ? body.charAt(i) : ' ';
            if (Character.isLetterOrDigit(c)) w.append(Character.toLowerCase(c));
            else if (!w.isEmpty()) {
                words.add(w.toString());
                w.setLength(0);
            }
        }
        if (words.isEmpty()) return new long[0];
        int count = Math.max(1, words.size() - 2);
        long[] out = new long[count];
        for (int i = 0; i < count; i++) {
            long h = 0xcbf29ce484222325L; // FNV-1a over the shingle's words, separated
            for (int k = i; k < Math.min(words.size(), i + 3); k++) {
                for (char c : words.get(k).toCharArray()) h = (h ^ c) * 0x100000001b3L;
                h = (h ^ ' ') * 0x100000001b3L;
            }
            out[i] = TrigramFeaturizer.fmix64(h);
        }
        Arrays.sort(out);
        return Arrays.stream(out).distinct().toArray();
    }

    /** Signature[k] = min over the shingles s of h_k(s), h_k(s) = TrigramFeaturizer.fmix64(s ⊕ seed_k): one independent hash per row. */
    static long[] minHash(long[] shingles) {
        return minHash(shingles, HASHES);
    }

    /**
     * A body's MinHash signature of its first {@code hashes} hash functions (≤ {@value #HASHES}): the share of equal
     * components of two signatures estimates the Jaccard similarity of their word trigrams (s.d. √(J(1 − J)/hashes)).
     * An empty body has no signature (length 0).
     */
    public static long[] signature(String body, int hashes) {
        if (hashes < 1 || hashes > HASHES) throw new IllegalArgumentException("hashes must be in [1, " + HASHES + "], got " + hashes);
        long[] shingles = shingles(body);
        return shingles.length == 0 ? new long[0] : minHash(shingles, hashes);
    }

    /** The estimated Jaccard similarity of two signatures of one length; 0 when either is empty. */
    public static double estimatedJaccard(long[] a, long[] b) {
        if (a.length == 0 || a.length != b.length) return 0;
        int equal = 0;
        for (int k = 0; k < a.length; k++) if (a[k] == b[k]) equal++;
        return equal / (double) a.length;
    }

    private static long[] minHash(long[] shingles, int hashes) {
        long[] signature = new long[hashes];
        Arrays.fill(signature, Long.MAX_VALUE);
        for (long s : shingles) {
            for (int k = 0; k < hashes; k++) {
                long h = TrigramFeaturizer.fmix64(s ^ SEEDS[k]);
                if (h < signature[k]) signature[k] = h;
            }
        }
        return signature;
    }

    private static final long[] SEEDS = new long[HASHES];

    static {
        long x = 0x5DEECE66DL;
        for (int k = 0; k < HASHES; k++) SEEDS[k] = x = TrigramFeaturizer.fmix64(x + 0x9E3779B97F4A7C15L);
    }

    /** |A ∩ B| / |A ∪ B| of two sorted, distinct arrays. */
    static double jaccard(long[] a, long[] b) {
        int i = 0, j = 0, common = 0;
        while (i < a.length && j < b.length) {
            if (a[i] == b[j]) {
                common++;
                i++;
                j++;
            } else if (a[i] < b[j]) i++;
            else j++;
        }
        int union = a.length + b.length - common;
        return union == 0 ? 1 : (double) common / union;
    }

    /** Disjoint sets with path halving. */
    private static final class UnionFind {
        private final int[] parent;

        UnionFind(int n) {
            parent = new int[n];
            for (int i = 0; i < n; i++) parent[i] = i;
        }

        int find(int i) {
            while (parent[i] != i) i = parent[i] = parent[parent[i]];
            return i;
        }

        void union(int a, int b) {
            int ra = find(a), rb = find(b);
            if (ra != rb) parent[Math.max(ra, rb)] = Math.min(ra, rb); // the earlier letter stays the root
        }
    }
}
