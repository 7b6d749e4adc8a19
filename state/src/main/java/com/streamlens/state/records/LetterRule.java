package com.streamlens.state.records;

/**
 * A user's "letters like this are spam" rule, born of one validated spam click (keyed state, within {@link LetterRules}):
 * the reported letter's MinHash signature of word trigrams, matched against the user's later mail.
 */
public class LetterRule {
    /** {@code letter:{mail id}} of the reported letter. */
    public String ruleId;
    /** The reported letter's subject, cut, for the mail UI. */
    public String subject;
    public long[] signature;
    public int clicks;
    public long createdAt;
    public long reinforcedAt;

    public LetterRule() {}
}
