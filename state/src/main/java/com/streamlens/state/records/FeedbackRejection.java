package com.streamlens.state.records;

/** A feedback click the mail job did not trust, and why (topic {@code feedback-rejections}). */
public class FeedbackRejection {
    /** No mail with this id was delivered to this user within the memory's bound (1,000 mails, 30 days). */
    public static final String UNKNOWN_MAIL = "unknown_mail";
    /** The antibot's latest verdict on the account says bot. */
    public static final String BOT = "bot";
    /** More clicks in a burst than a person makes. */
    public static final String RATE_LIMITED = "rate_limited";
    /** The opposite of the user's own recent click on the same sender. */
    public static final String FLIP = "flip";
    /** The same action on the same mail again. */
    public static final String DUPLICATE = "duplicate";

    public String eventId;
    public String userId;
    public String mailId;
    public String action;
    public String reason;
    public String detail;
    public long ts;
    public long rejectedAt;

    public FeedbackRejection() {}
}
