package com.streamlens.operators.spam;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SpamCorpusTest {
    @Test
    void deduplicatesByBodySoAResentLetterUnderANewSubjectIsDropped() {
        LabeledMail first = new LabeledMail(MailText.of("Win now", "Claim your prize today."), true, "spam-1");
        LabeledMail resent = new LabeledMail(MailText.of("RE: Win now!!", "Claim your prize today."), true, "spam-2");
        LabeledMail relabelled = new LabeledMail(MailText.of("fwd", "Claim your prize today."), false, "easy-ham-1");
        LabeledMail other = new LabeledMail(MailText.of("Win now", "Minutes of Tuesday's meeting."), false, "easy-ham-1");
        assertThat(SpamCorpus.dedupe(List.of(first, resent, relabelled, other))).containsExactly(first, other);
    }

    @Test
    void theBodyIsWhatFollowsTheSubjectEvenWhenTheSubjectHadLineBreaks() {
        String text = MailText.of("two\n\nlines", "the body\n\nwith paragraphs");
        assertThat(MailText.body(text)).isEqualTo("the body\n\nwith paragraphs");
        assertThat(MailText.body(MailText.of(null, "plain"))).isEqualTo("plain");
    }
}
