package com.streamlens.operators.mail.spam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class NearDuplicatesTest {
    private static final String LETTER = "Dear customer, your account statement for November is ready. Log in to the portal to see it, "
            + "and call us on 0800 123 456 if any of the payments listed there looks unfamiliar to you. We will never ask for your "
            + "password by mail. Thank you for banking with us, the Northern Savings team, 12 High Street, Leeds";

    private static LabeledMail mail(String subject, String body, boolean spam, String group) {
        return new LabeledMail(MailText.of(subject, body), spam, group);
    }

    @Test
    void aResentLetterUnderANewSubjectAndANearCopyWithOneWordChangedAreDroppedTheFirstStays() {
        LabeledMail first = mail("Your statement", LETTER, true, "spam-1");
        LabeledMail resent = mail("RE: Your statement!!", LETTER, true, "spam-2");
        LabeledMail edited = mail("Statement", LETTER.replace("Leeds", "York"), true, "spam-2"); // J = 53/55 ≈ 0.96 on word trigrams
        LabeledMail other = mail("Minutes", "Minutes of Tuesday's meeting: the budget review moves to Friday, Anna takes the notes.", false, "easy-ham-1");

        NearDuplicates.Result r = NearDuplicates.collapse(List.of(first, resent, edited, other), 0.9);

        assertThat(r.kept()).containsExactly(first, other);
        assertThat(r.exactRemoved()).isEqualTo(1);
        assertThat(r.nearRemoved()).isEqualTo(1);
        assertThat(r.conflictsDropped()).isZero();
    }

    @Test
    void aLetterFiledUnderBothLabelsIsDroppedWholeWhateverTheCorpusOrder() {
        LabeledMail asSpam = mail("Offer", LETTER, true, "spam-1");
        LabeledMail asHam = mail("Offer", LETTER + " UK", false, "easy-ham-1"); // one shingle more: J ≈ 0.98
        LabeledMail kept = mail("Lunch", "Shall we meet for lunch on Thursday at the usual place near the station?", false, "easy-ham-2");

        for (List<LabeledMail> order : List.of(List.of(asSpam, asHam, kept), List.of(asHam, kept, asSpam))) {
            NearDuplicates.Result r = NearDuplicates.collapse(order, 0.9);
            assertThat(r.kept()).containsExactly(kept);
            assertThat(r.conflictGroups()).isEqualTo(1);
            assertThat(r.conflictsDropped()).isEqualTo(2);
        }
    }

    @Test
    void lettersBelowTheThresholdStayEvenWhenTheyShareATemplate() {
        // Half the words differ: same template, different letters (J well under 0.9).
        String half = LETTER.substring(0, LETTER.length() / 2) + " Your adviser Jane Smith will call you next week about the new savings account and its rate.";
        LabeledMail a = mail("A", LETTER, false, "easy-ham-1");
        LabeledMail b = mail("B", half, false, "easy-ham-1");
        assertThat(NearDuplicates.jaccard(NearDuplicates.shingles(LETTER), NearDuplicates.shingles(half))).isLessThan(0.9);
        assertThat(NearDuplicates.collapse(List.of(a, b), 0.9).kept()).containsExactly(a, b);
    }

    @Test
    void findsEveryPairAboveTheThresholdThatAllPairsComparisonFinds() {
        // 60 random letters, 20 of them copies of others with 0–2 words replaced (J ≈ 1, 0.93, 0.86): LSH must miss none, the check must reject J < 0.9.
        Random r = new Random(3);
        String[] vocab = "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi rho sigma tau upsilon".split(" ");
        List<String> bodies = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            StringBuilder sb = new StringBuilder();
            for (int w = 0; w < 80; w++) sb.append(vocab[r.nextInt(vocab.length)]).append(' ');
            bodies.add(sb.toString());
        }
        for (int i = 0; i < 20; i++) {
            String[] words = bodies.get(r.nextInt(40)).split(" ");
            for (int e = r.nextInt(3); e > 0; e--) words[r.nextInt(words.length)] = "changed" + e;
            bodies.add(String.join(" ", words));
        }
        List<LabeledMail> mails = new ArrayList<>();
        for (int i = 0; i < bodies.size(); i++) mails.add(mail("s" + i, bodies.get(i), false, "g"));

        int expectedRemoved = 0;
        for (int i = 0; i < bodies.size(); i++) {
            for (int j = 0; j < i; j++) {
                if (NearDuplicates.jaccard(NearDuplicates.shingles(bodies.get(i)), NearDuplicates.shingles(bodies.get(j))) >= 0.9) {
                    expectedRemoved++; // i has an earlier copy: it goes (chains aside, which this corpus does not form)
                    break;
                }
            }
        }
        NearDuplicates.Result result = NearDuplicates.collapse(mails, 0.9);
        assertThat(expectedRemoved).isBetween(8, 18);
        assertThat(result.exactRemoved() + result.nearRemoved()).isEqualTo(expectedRemoved);
        assertThat(result.kept()).hasSize(bodies.size() - expectedRemoved);
    }

    @Test
    void jaccardOfShingleSetsIsTheTextbookRatio() {
        long[] a = {1, 2, 3, 4}, b = {3, 4, 5};
        assertThat(NearDuplicates.jaccard(a, b)).isEqualTo(2.0 / 5);
        assertThat(NearDuplicates.shingles("One two three four")).hasSize(2);
        assertThat(NearDuplicates.shingles("ONE, two")).hasSize(1).isEqualTo(NearDuplicates.shingles("one two"));
        assertThat(NearDuplicates.shingles("  ")).isEmpty();
        assertThatThrownBy(() -> NearDuplicates.collapse(List.of(), 1.5)).hasMessageContaining("(0, 1]");
    }
}
