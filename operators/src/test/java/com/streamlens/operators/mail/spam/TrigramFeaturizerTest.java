package com.streamlens.operators.mail.spam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class TrigramFeaturizerTest {
    final TrigramFeaturizer f = new TrigramFeaturizer(10_000);

    @Test
    void hashingIsStableAcrossVersionsAndRuns() {
        // A model artefact is only usable if the same trigram lands in the same bucket forever.
        assertThat(trigrams("Win  MONEY\n\tnow").indices()).isEqualTo(trigrams("win money now").indices());
        assertThat(trigrams("abc").indices()).containsExactly(STABLE_ABC_BUCKET);
        assertThat(f.counts("abc").words()).as("no word space without words").isNull();
    }

    /** Bucket of "abc" (fmix64 of the packed trigram, seed 0x7F1A5EED, 10,000 buckets), pinned when the model format was fixed. */
    static final int STABLE_ABC_BUCKET = 6151;

    @Test
    void countsEveryTrigramOfTheNormalisedText() {
        SparseVector c = trigrams("ABCabc");
        // "abcabc": abc, bca, cab, abc → three distinct trigrams, abc twice.
        assertThat(c.indices()).hasSize(3);
        float total = 0;
        for (float v : c.values()) total += v;
        assertThat(total).isEqualTo(4f);
        assertThat(c.values()).contains(2f);
        assertThat(trigrams("ab").indices()).isEmpty();
    }

    private SparseVector trigrams(String text) {
        return f.counts(text).trigrams();
    }

    @Test
    void wordsAreCountedInASpaceOfTheirOwnBesideUnchangedTrigrams() {
        // The word pass is fused into the trigram loop; its reference: words found by a regex, hashed one by one.
        TrigramFeaturizer withWords = new TrigramFeaturizer(10_000, true);
        String text = "Größte Chance 2002!!! Jetzt\tklicken: http://x.example/a?b=1 — über 10,000 € für SIE, SIE, sie";
        TrigramFeaturizer.Features both = withWords.counts(text);
        assertThat(asMap(both.trigrams())).isEqualTo(asMap(trigrams(text)));
        String norm = new String(TrigramFeaturizer.normalise(text));
        java.util.regex.Matcher word = java.util.regex.Pattern.compile("[\\p{L}\\p{Nd}]+").matcher(norm);
        java.util.Map<Integer, Float> expected = new java.util.HashMap<>();
        int words = 0;
        while (word.find()) {
            expected.merge(withWords.wordBucket(norm.toCharArray(), word.start(), word.end()), 1f, Float::sum);
            words++;
        }
        assertThat(words).isEqualTo(18); // größte chance 2002 jetzt klicken http x example a b 1 über 10 000 für sie sie sie
        assertThat(asMap(both.words())).isEqualTo(expected);
        assertThat(expected.get(withWords.wordBucket("sie".toCharArray(), 0, 3))).isEqualTo(3f);
        // The workspace is clean after a text: the same text counts the same again.
        assertThat(asMap(withWords.counts(text).words())).isEqualTo(expected);
        // Case and punctuation do not make new words.
        char[] free = "free".toCharArray();
        int freeBucket = withWords.wordBucket(free, 0, free.length);
        assertThat(freeBucket).isEqualTo(STABLE_FREE_BUCKET);
        assertThat(withWords.counts("FREE!!").words().indices()).containsExactly(freeBucket);
        assertThat(withWords.counts("").words().indices()).isEmpty();
    }

    private static java.util.Map<Integer, Float> asMap(SparseVector v) {
        java.util.Map<Integer, Float> m = new java.util.HashMap<>();
        for (int k = 0; k < v.indices().length; k++) assertThat(m.put(v.indices()[k], v.values()[k])).as("bucket listed twice").isNull();
        return m;
    }

    /** Bucket of the word "free" (fmix64 of its FNV-1a hash, seed 0x9E3779B97F4A7C15, 10,000 buckets), pinned with the words option. */
    static final int STABLE_FREE_BUCKET = 9396;

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
