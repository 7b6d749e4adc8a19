package com.streamlens.state.records;

/**
 * A sender's global reputation from the validated spam reports of distinct users (topic {@code sender-reputation},
 * compacted, key {@link #key}). While {@link #bad} and a mail's time is before {@link #until}, the mail job files that
 * sender's mail as spam for everyone without a personal rule saying otherwise.
 */
public class SenderReputation {
    /** {@code sender:addr} or {@code domain:name}. */
    public String key;
    /** Distinct users whose validated spam or phishing click on this sender fell in the window. */
    public int reporters;
    /** Distinct users whose validated not-spam click on this sender fell in the window. */
    public int vouchers;
    /** reporters / (reporters + vouchers + 1): the share of reports, shrunk towards 0 for few reports. */
    public double score;
    public boolean bad;
    /** Event time until which a bad mark holds: the last report plus the window. */
    public long until;
    /** Event time of the click that produced this record. */
    public long ts;

    public SenderReputation() {}
}
