package com.streamlens.state.records;

import java.util.Map;

/**
 * A validated feedback click joined with the mail it is about (topic {@code spam-feedback}): the next spam model's
 * training row ({@code scripts/train-spam --feedback FILE} reads a dump of the topic).
 */
public class SpamFeedback {
    public String eventId;
    public String mailId;
    public String userId;
    public String from;
    /** spam | phishing | not_spam | unsubscribe. */
    public String action;
    /** spam | ham as a training label; null for an unsubscribe, which says nothing about spam. */
    public String label;
    public long ts;
    /** What the user had been shown, and what the model alone said. */
    public String verdict;
    public String modelVerdict;
    public double spamProbability;
    public String modelVersion;
    public String subject;
    public String body;
    public Map<String, String> headers;

    public SpamFeedback() {}
}
