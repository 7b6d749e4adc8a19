package com.streamlens.state.records;

/**
 * The decision on one received mail (topic {@code mail-verdicts}): the spam model's, unless one of the user's personal
 * rules or the sender's global reputation overrides it ({@link #decidedBy}).
 */
public class MailVerdict {
    public static final String SPAM = "spam";
    public static final String HAM = "ham";
    public static final String BY_MODEL = "model";
    public static final String BY_RULE = "rule";
    public static final String BY_REPUTATION = "reputation";
    public static final String INBOX = "inbox";
    public static final String SPAM_FOLDER = "spam";
    /** Bulk mail of a sender the user unsubscribed from: not spam, but not in the inbox either. */
    public static final String SKIPPED = "skipped";

    public String mailId;
    public String userId;
    public String eventId;
    public long ts;
    public double spamProbability;
    /** spam | ham: the final decision. */
    public String verdict;
    /** spam | ham by the spam model's decision threshold alone. */
    public String modelVerdict;
    /** model | rule | reputation: who made {@link #verdict} (and {@link #folder}). */
    public String decidedBy;
    /** The deciding personal rule's id (e.g. {@code sender:news@shop.example}) or the reputation key; null for the model. */
    public String rule;
    /** inbox | spam | skipped. */
    public String folder;
    /** The sender's address, lower-cased. */
    public String from;
    /** personal | bulk | transactional | …: the category model's class of a mail the spam model passed; null otherwise. */
    public String category;
    public Double categoryProbability;
    public String modelVersion;
    public String categoryModelVersion;
    public long scoredAt;

    public MailVerdict() {}
}
