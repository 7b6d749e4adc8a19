package com.streamlens.operators.mail.spam;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

/**
 * The trainer's evaluation protocol. After copies are collapsed ({@link NearDuplicates}), a fixed 20% of the letters is
 * the <b>untouched</b> test split: a letter is in it when the first 8 bytes of the SHA-256 of its text (subject + body),
 * read as an unsigned fraction (top 53 bits), fall below 0.2. That depends on the letter alone, so the split is the same on every
 * run, seed and machine, and a letter added to the corpus never moves another. Development (the cross-validation that
 * picks the threshold and reports the dev spread) uses the other 80% only. On SpamAssassin the old→new split trains on the
 * development letters of the old folders and tests on the untouched letters of the new ones.
 */
public final class SpamSplits {
    public static final double UNTOUCHED_SHARE = 0.2;
    /** SpamAssassin's older folders; easy-ham-2, hard-ham-1 and spam-2 came later. */
    public static final Set<String> OLD_GROUPS = Set.of("easy-ham-1", "spam-1");

    private SpamSplits() {}

    public record Split(List<LabeledMail> dev, List<LabeledMail> untouched) {}

    public record OldNew(List<LabeledMail> train, List<LabeledMail> test) {}

    public static boolean untouched(LabeledMail mail) {
        long h = ByteBuffer.wrap(SpamCorpus.sha256().digest(mail.text().getBytes(StandardCharsets.UTF_8))).getLong();
        return (h >>> 11) * 0x1p-53 < UNTOUCHED_SHARE; // the top 53 bits as a fraction in [0, 1)
    }

    /** The letters in corpus order, split into development and untouched test. */
    public static Split split(List<LabeledMail> mails) {
        return new Split(mails.stream().filter(m -> !untouched(m)).toList(), mails.stream().filter(SpamSplits::untouched).toList());
    }

    /** Whether the corpus has SpamAssassin's folders, hence a time-like old→new split. */
    public static boolean timeLike(List<LabeledMail> mails) {
        return mails.stream().anyMatch(m -> OLD_GROUPS.contains(m.group()));
    }

    public static OldNew oldNew(Split split) {
        return new OldNew(split.dev().stream().filter(m -> OLD_GROUPS.contains(m.group())).toList(),
                split.untouched().stream().filter(m -> !OLD_GROUPS.contains(m.group())).toList());
    }
}
