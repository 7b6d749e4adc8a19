package com.streamlens.state.serde;

import com.streamlens.state.events.MailEvent;
import java.util.Map;

/** Parses and validates mail events (schema v1). */
public final class MailEventParser extends EnvelopeParser<MailEvent> {
    /** Kafka's default max message size; bigger letters are cut by the mail gateway before they get here. */
    public static final int MAX_PAYLOAD_BYTES = 1024 * 1024;
    static final int BODY_CHARS = 512 * 1024;
    static final int SUBJECT_CHARS = 2048;
    static final int ADDRESS_CHARS = 320;
    static final int MAX_HEADERS = 64;
    static final int HEADER_CHARS = 1024;
    /** What a user can click on a letter. */
    public static final java.util.List<String> FEEDBACK_ACTIONS = java.util.List.of("spam", "not_spam", "phishing", "unsubscribe");

    public MailEventParser() {
        super(MailEvent.class, MAX_PAYLOAD_BYTES);
    }

    @Override
    void validate(MailEvent e, long nowMs) throws InvalidEventException {
        envelope(e.schema, MailEvent.SCHEMA_VERSION, e.eventId, e.type, e.userId, e.ts, nowMs);
        Checks.maxChars(e.mailId, Checks.ID_CHARS, "mail_id");
        Checks.maxChars(e.from, ADDRESS_CHARS, "from");
        Checks.maxChars(e.to, ADDRESS_CHARS, "to");
        Checks.maxChars(e.subject, SUBJECT_CHARS, "subject");
        Checks.maxChars(e.body, BODY_CHARS, "body");
        Checks.maxChars(e.action, 32, "action");
        Checks.maxChars(e.ip, 45, "ip");
        Checks.maxChars(e.userAgent, 512, "user_agent");
        Checks.position(e.lat, e.lon);
        if (e.headers != null) {
            if (e.headers.size() > MAX_HEADERS) {
                throw new InvalidEventException("too many headers: " + e.headers.size() + " > " + MAX_HEADERS);
            }
            for (Map.Entry<String, String> h : e.headers.entrySet()) {
                Checks.maxChars(h.getKey(), 128, "headers");
                Checks.maxChars(h.getValue(), HEADER_CHARS, "headers." + h.getKey());
            }
        }
        switch (e.type) {
            case MAIL_RECEIVED -> {
                Checks.requiredId(e.mailId, "mail_id");
                Checks.required(e.from, "from");
                if (e.subject == null && e.body == null) {
                    throw new InvalidEventException("mail_received needs a 'subject' or a 'body'");
                }
            }
            case FEEDBACK -> {
                Checks.requiredId(e.mailId, "mail_id");
                Checks.required(e.action, "action");
                if (!FEEDBACK_ACTIONS.contains(e.action)) {
                    throw new InvalidEventException("invalid value for field 'action': " + e.action + " (one of " + FEEDBACK_ACTIONS + ")");
                }
            }
            case REGISTRATION, LOGIN -> { }
        }
    }
}
