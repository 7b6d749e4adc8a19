package com.streamlens.operators.spam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class TrigramFeaturizerTest {
    final TrigramFeaturizer f = new TrigramFeaturizer(10_000);

    @Test
    void hashingIsStableAcrossVersionsAndRuns() {
        // A model artefact is only usable if the same trigram lands in the same bucket forever.
        assertThat(f.counts("Win  MONEY\n\tnow").indices()).isEqualTo(f.counts("win money now").indices());
        assertThat(f.counts("abc").indices()).containsExactly(STABLE_ABC_BUCKET);
    }

    /** Bucket of "abc" (fmix64 of the packed trigram, seed 0x7F1A5EED, 10,000 buckets), pinned when the model format was fixed. */
    static final int STABLE_ABC_BUCKET = 6151;

    @Test
    void countsEveryTrigramOfTheNormalisedText() {
        SparseVector c = f.counts("ABCabc");
        // "abcabc": abc, bca, cab, abc → three distinct trigrams, abc twice.
        assertThat(c.indices()).hasSize(3);
        float total = 0;
        for (float v : c.values()) total += v;
        assertThat(total).isEqualTo(4f);
        assertThat(c.values()).contains(2f);
        assertThat(f.counts("ab").indices()).isEmpty();
    }

    @Test
    void wordsAddOneFeaturePerWordOnTopOfTheTrigrams() {
        TrigramFeaturizer withWords = new TrigramFeaturizer(10_000, true);
        // "free money, free!" → 15 trigram windows plus the words free, money, free: three more counts.
        String text = "Free MONEY, free!";
        float trigramsOnly = total(f.counts(text));
        assertThat(trigramsOnly).isEqualTo(15f);
        SparseVector both = withWords.counts(text);
        assertThat(total(both)).isEqualTo(trigramsOnly + 3);
        char[] free = "free".toCharArray();
        int freeBucket = withWords.wordBucket(free, 0, free.length);
        assertThat(freeBucket).isEqualTo(STABLE_FREE_BUCKET);
        // "free" occurs twice as a word; its trigram " fr" etc. cannot account for the extra counts in its bucket.
        int at = java.util.Arrays.stream(both.indices()).boxed().toList().indexOf(freeBucket);
        assertThat(both.values()[at]).isGreaterThanOrEqualTo(2f);
        // Word boundaries are runs of letters and digits: punctuation and case do not make new words.
        assertThat(withWords.counts("free").indices()).contains(freeBucket);
        assertThat(withWords.counts("FREE!!").indices()).contains(freeBucket);
    }

    /** Bucket of the word "free" (fmix64 of its FNV-1a hash, seed 0x9E3779B97F4A7C15, 10,000 buckets), pinned with the words option. */
    static final int STABLE_FREE_BUCKET = 9396;

    private static float total(SparseVector v) {
        float t = 0;
        for (float x : v.values()) t += x;
        return t;
    }

    @Test
    void tfidfIsSublinearIdfWeightedAndL2Normalised() {
        TrigramFeaturizer small = new TrigramFeaturizer(16);
        SparseVector doc = new SparseVector(new int[] {1, 5}, new float[] {1f, 3f});
        float[] idf = small.learnIdf(List.of(doc, new SparseVector(new int[] {5}, new float[] {1f})));
        // N = 2: idf_1 = ln(3/2) + 1, idf_5 = ln(3/3) + 1 = 1, unseen idf = ln(3) + 1.
        assertThat(idf[1]).isCloseTo((float) (Math.log(1.5) + 1), within(1e-6f));
        assertThat(idf[5]).isCloseTo(1f, within(1e-6f));
        assertThat(idf[0]).isCloseTo((float) (Math.log(3) + 1), within(1e-6f));
        SparseVector w = small.tfidf(doc, idf);
        double w1 = 1 * idf[1];
        double w5 = (1 + Math.log(3)) * idf[5];
        double norm = Math.sqrt(w1 * w1 + w5 * w5);
        assertThat(w.values()[0]).isCloseTo((float) (w1 / norm), within(1e-6f));
        assertThat(w.values()[1]).isCloseTo((float) (w5 / norm), within(1e-6f));
    }
}
