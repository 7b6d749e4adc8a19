package com.streamlens.operators.mail.spam;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The trainer's protocol: a stable untouched split, no test letter in any training set, old→new trained on old folders only. */
class SpamSplitsTest {
    private static List<LabeledMail> corpus() {
        List<LabeledMail> out = new ArrayList<>();
        String[] groups = {"easy-ham-1", "easy-ham-2", "hard-ham-1", "spam-1", "spam-2"};
        for (int i = 0; i < 3000; i++) {
            String g = groups[i % groups.length];
            out.add(new LabeledMail(MailText.of("letter " + i, "body of letter " + i + " in " + g), g.startsWith("spam"), g));
        }
        return out;
    }

    @Test
    void theUntouchedSplitIsAFifthFixedByEachLettersTextWhateverTheOrderOrTheRestOfTheCorpus() {
        List<LabeledMail> mails = corpus();
        SpamSplits.Split split = SpamSplits.split(mails);
        assertThat(split.untouched().size()).isBetween(540, 660); // 20% ± 3.4 sd of a binomial(3000, 0.2)
        assertThat(split.dev().size() + split.untouched().size()).isEqualTo(mails.size());
        assertThat(split.dev()).doesNotContainAnyElementsOf(split.untouched());

        List<LabeledMail> shuffled = new ArrayList<>(mails.subList(0, 2000));
        Collections.shuffle(shuffled, new Random(1));
        SpamSplits.Split again = SpamSplits.split(shuffled);
        assertThat(again.untouched()).containsExactlyInAnyOrderElementsOf(
                split.untouched().stream().filter(m -> mails.indexOf(m) < 2000).toList());
        // Pinned: a change of the hash or of the share would silently move letters between the splits of past reports.
        assertThat(split.untouched()).hasSize(617);
        List<Boolean> first = mails.subList(0, PINNED.length).stream().map(SpamSplits::untouched).toList();
        assertThat(first).containsExactly(PINNED);
    }

    private static final Boolean[] PINNED = {true, false, false, false, false, false, false, false, false, false};

    @Test
    void oldToNewTrainsOnTheOldFoldersDevelopmentLettersAndTestsOnTheNewFoldersUntouchedOnes() {
        SpamSplits.Split split = SpamSplits.split(corpus());
        SpamSplits.OldNew oldNew = SpamSplits.oldNew(split);
        assertThat(oldNew.train()).isNotEmpty().allMatch(m -> SpamSplits.OLD_GROUPS.contains(m.group()))
                .allMatch(split.dev()::contains);
        assertThat(oldNew.test()).isNotEmpty().noneMatch(m -> SpamSplits.OLD_GROUPS.contains(m.group()))
                .allMatch(split.untouched()::contains);
        assertThat(oldNew.train().stream().map(LabeledMail::group).distinct()).containsExactlyInAnyOrder("easy-ham-1", "spam-1");
        assertThat(oldNew.test().stream().map(LabeledMail::group).distinct()).containsExactlyInAnyOrder("easy-ham-2", "hard-ham-1", "spam-2");
        assertThat(SpamSplits.timeLike(corpus())).isTrue();
        assertThat(SpamSplits.timeLike(List.of(new LabeledMail("x", true, "jsonl")))).isFalse();
    }
}
