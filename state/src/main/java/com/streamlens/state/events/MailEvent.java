package com.streamlens.state.events;

import java.util.Map;

/** One mail event (topic {@code mail-events}, schema v1; fields documented in README). */
public class MailEvent {
    public static final int SCHEMA_VERSION = 1;

    public int schema;
    public String eventId;
    public MailType type;
    public String userId;
    /** Epoch milliseconds (event time). */
    public long ts;

    // mail_received (mailId also names the letter a feedback click is about)
    public String mailId;
    public String from;
    public String to;
    public String subject;
    public String body;
    /** Selected headers only (e.g. Received-SPF, List-Unsubscribe, X-Mailer), lower-case names. */
    public Map<String, String> headers;

    // feedback: spam | not_spam | phishing | unsubscribe
    public String action;

    // registration / login
    public String ip;
    public Double lat;
    public Double lon;
    public String userAgent;
    public Boolean success;

    public MailEvent() {}
}
