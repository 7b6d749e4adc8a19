package com.streamlens.operators.generator;

import com.streamlens.state.records.MailEvent;
import com.streamlens.state.records.MailType;
import java.util.Map;
import java.util.SplittableRandom;

/** Synthetic mail events: letters (some spammy), feedback clicks on them, registrations and logins. */
public final class MailGenerator {
    private static final String[] HAM_SUBJECTS = {"Meeting notes for Thursday", "Your order has shipped",
            "Re: weekend plans", "Invoice 2291 attached", "Quarterly report draft"};
    private static final String[] SPAM_SUBJECTS = {"You WON a free iPhone!!!", "Cheap meds, no prescription",
            "Urgent: verify your account now", "Make $5000 a week from home", "Hot singles near you"};

    private final SplittableRandom rnd;
    private final int users;
    private long seq;

    public MailGenerator(long seed, int users) {
        this.rnd = new SplittableRandom(seed);
        this.users = users;
    }

    public MailEvent next(long ts) {
        MailEvent e = new MailEvent();
        e.schema = MailEvent.SCHEMA_VERSION;
        e.eventId = "m" + Long.toHexString(rnd.nextLong()) + Long.toHexString(seq++);
        e.userId = "u" + rnd.nextInt(users);
        e.ts = ts;
        double r = rnd.nextDouble();
        if (r < 0.85) {
            boolean spam = rnd.nextDouble() < 0.3;
            e.type = MailType.MAIL_RECEIVED;
            e.mailId = "mail-" + Long.toHexString(rnd.nextLong());
            e.from = spam ? "promo" + rnd.nextInt(1000) + "@deals" + rnd.nextInt(50) + ".biz" : "friend" + rnd.nextInt(200) + "@example.org";
            e.to = e.userId + "@mail.example";
            e.subject = (spam ? SPAM_SUBJECTS : HAM_SUBJECTS)[rnd.nextInt(5)];
            e.body = spam ? "Click here to claim your prize. Limited offer, act now! Unsubscribe never."
                    : "Hi, as discussed, please find the details below. Best regards.";
            e.headers = Map.of("x-mailer", spam ? "BulkBlaster 9" : "Thunderbird 128", "received-spf", spam ? "softfail" : "pass");
        } else if (r < 0.92) {
            e.type = MailType.FEEDBACK;
            e.mailId = "mail-" + Long.toHexString(rnd.nextLong());
            e.action = rnd.nextDouble() < 0.7 ? "spam" : "not_spam";
        } else if (r < 0.94) {
            e.type = MailType.REGISTRATION;
            e.ip = "10.1." + rnd.nextInt(256) + "." + rnd.nextInt(256);
            e.userAgent = "Mozilla/5.0";
        } else {
            e.type = MailType.LOGIN;
            e.ip = "10.2." + rnd.nextInt(256) + "." + rnd.nextInt(256);
            e.userAgent = "Mozilla/5.0";
            e.success = rnd.nextDouble() < 0.95;
        }
        return e;
    }
}
