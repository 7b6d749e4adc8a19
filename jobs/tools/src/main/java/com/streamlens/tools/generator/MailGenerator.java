package com.streamlens.tools.generator;

import com.streamlens.state.events.MailEvent;
import com.streamlens.state.events.MailType;
import java.util.Map;
import java.util.SplittableRandom;

/** Synthetic mail events: letters (some spammy), feedback clicks on them, registrations and logins. */
public final class MailGenerator {
    private static final String[] HAM_SUBJECTS = {"Meeting notes for Thursday", "Your order has shipped",
            "Re: weekend plans", "Invoice 2291 attached", "Quarterly report draft"};
    private static final String[] SPAM_SUBJECTS = {"You WON a free iPhone!!!", "Cheap meds, no prescription",
            "Urgent: verify your account now", "Make $5000 a week from home", "Hot singles near you"};

    private static final String[] HAM_LINES = {
            "Hi all, the notes from Thursday's meeting are below; please add anything I missed.",
            "I have attached the revised draft of the quarterly report with your comments merged in.",
            "Can we move our call to 3pm tomorrow? Something came up in the morning.",
            "The build on the release branch fails since yesterday's merge; I am looking into it.",
            "Thanks for the quick reply. I will send the updated figures by the end of the week.",
            "Your order has shipped and should arrive within three business days.",
            "On the mailing list someone asked about the new configuration format; see the thread below.",
            "Let me know if the proposed schedule works for your team, otherwise suggest another date.",
            "The patch looks good to me, but please add a test for the empty input case.",
            "I'll be out of office next Monday; Anna will cover the support rotation."};
    private static final String[] SPAM_LINES = {
            "CONGRATULATIONS! You have been selected to receive a FREE gift card worth $500.",
            "Click here now to claim your prize before this exclusive offer expires!!!",
            "Lose 30 pounds in 30 days with our miracle formula, guaranteed or your money back.",
            "Make thousands of dollars a week working from home, no experience needed.",
            "Cheap meds online, no prescription required, discreet shipping worldwide.",
            "Your account has been suspended. Verify your password immediately at the link below.",
            "Dear friend, I am a banker and need your help to transfer $15,000,000 to your account.",
            "Lowest mortgage rates in years! Refinance today and save big.",
            "To be removed from our mailing list, reply with REMOVE in the subject line.",
            "Act now: limited time only, order today and get a second bottle FREE."};

    private final SplittableRandom rnd;
    private final int users;
    private long seq;

    public MailGenerator(long seed, int users) {
        this.rnd = new SplittableRandom(seed);
        this.users = users;
    }

    /** A few paragraphs of 3 to 7 lines from the class's pool, as real letters are longer than one line. */
    private String body(String[] pool) {
        StringBuilder sb = new StringBuilder();
        int lines = 3 + rnd.nextInt(5);
        for (int i = 0; i < lines; i++) sb.append(pool[rnd.nextInt(pool.length)]).append(i % 2 == 1 ? "\n\n" : " ");
        return sb.toString().trim();
    }

    /** Ham usually quotes what it answers, is signed, and often comes through a mailing list. */
    private String reply(String text) {
        String quoted = "> " + HAM_LINES[rnd.nextInt(HAM_LINES.length)] + "\n> " + HAM_LINES[rnd.nextInt(HAM_LINES.length)];
        String footer = rnd.nextBoolean() ? ""
                : "\n\n_______________________________________________\nteam-dev mailing list\nteam-dev@lists.example.org\n"
                  + "https://lists.example.org/mailman/listinfo/team-dev";
        return "On Tuesday, " + NAMES[rnd.nextInt(NAMES.length)] + " wrote:\n" + quoted + "\n\n" + text
                + "\n\n--\n" + NAMES[rnd.nextInt(NAMES.length)] + footer;
    }

    private static final String[] NAMES = {"Anna", "Bob Smith", "Chris", "Dmitri Ivanov", "Eve", "Frank"};

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
            e.body = spam ? body(SPAM_LINES) : reply(body(HAM_LINES));
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
