package com.streamlens.state.records;

/**
 * A user's validated clicks on one sender or domain so far (keyed state, per user and {@code kind:target}): the run of
 * consistent clicks that makes a rule, and the last click, against which a flip is judged.
 */
public class RuleEvidence {
    /** always_spam | never_spam | skip_inbox: the direction of the current run. */
    public String effect;
    /** Consistent clicks in the current run, on distinct mails. */
    public int clicks;
    public long lastClickAt;
    public String lastMailId;

    public RuleEvidence() {}
}
