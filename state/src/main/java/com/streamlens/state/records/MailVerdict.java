package com.streamlens.state.records;

/** The spam model's decision on one received mail (topic {@code mail-verdicts}). */
public class MailVerdict {
    public String mailId;
    public String userId;
    public String eventId;
    public long ts;
    public double spamProbability;
    /** spam | ham, by the model's decision threshold. */
    public String verdict;
    public String modelVersion;
    public long scoredAt;

    public MailVerdict() {}
}
