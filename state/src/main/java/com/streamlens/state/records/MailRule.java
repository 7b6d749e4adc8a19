package com.streamlens.state.records;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * A user's personal mail rule, born of their validated feedback clicks (topic {@code mail-rules}, compacted, key
 * {@code user|rule_id}; Redis {@code mail:rules:{user}}). A removed rule (expired or evicted) is a tombstone.
 */
public class MailRule implements KeyDeletion {
    public static final String SENDER = "sender";
    public static final String DOMAIN = "domain";
    public static final String UNSUBSCRIBE = "unsubscribe";
    /** Letters like a reported one (MinHash of word trigrams): target is the reported letter's subject. */
    public static final String LETTER = "letter";
    /** What a rule does to a matching mail. */
    public static final String ALWAYS_SPAM = "always_spam";
    public static final String NEVER_SPAM = "never_spam";
    public static final String SKIP_INBOX = "skip_inbox";

    public String userId;
    /** {@code kind:target}, e.g. {@code sender:news@shop.example}, {@code domain:shop.example}, {@code letter:{mail id}}. */
    public String ruleId;
    /** sender | domain | unsubscribe | letter. */
    public String kind;
    /** The sender address or domain it matches; a letter rule's reported subject. */
    public String target;
    /** always_spam | never_spam | skip_inbox. */
    public String effect;
    /** Validated clicks behind the rule, those that created it included. */
    public int clicks;
    public long createdAt;
    /** Event time of the last click that created or reinforced it; it expires a lifetime after. */
    public long reinforcedAt;
    /** Set on the record that announces the rule's removal: expired | evicted | replaced. */
    public String removedBecause;

    public MailRule() {}

    /** The announcement that this rule is gone (a tombstone on mail-rules, an HDEL on mail:rules): a copy with the reason. */
    public MailRule removed(String because) {
        MailRule gone = new MailRule();
        gone.userId = userId;
        gone.ruleId = ruleId;
        gone.kind = kind;
        gone.target = target;
        gone.effect = effect;
        gone.clicks = clicks;
        gone.createdAt = createdAt;
        gone.reinforcedAt = reinforcedAt;
        gone.removedBecause = because;
        return gone;
    }

    public String key() {
        return userId + "|" + ruleId;
    }

    @JsonIgnore
    @Override
    public boolean deletesKey() {
        return removedBecause != null;
    }
}
