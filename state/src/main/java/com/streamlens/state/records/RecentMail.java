package com.streamlens.state.records;

/**
 * A mail delivered to a user, as the mail job remembers it to validate feedback clicks (keyed state, per user and mail
 * id; ~150 bytes). Its text is kept apart, for fewer days ({@link MailContent}).
 */
public class RecentMail {

    public String mailId;
    /** Arrival order within the user's mailbox: the oldest is evicted first. */
    public long seq;
    public String from;
    public long ts;
    /** The final verdict the user saw. */
    public String verdict;
    public String modelVerdict;
    public double spamProbability;
    public String modelVersion;
    public String category;
    /** The action of the last validated click on this mail; a second identical click is a duplicate. */
    public String clicked;

    public RecentMail() {}
}
