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

    /** Spam comes from a few senders on two domains, as a campaign's does: a reader who clicks builds rules soon. */
    private static final String[] SPAM_SENDERS = {"promo1@deals-club.biz", "promo2@deals-club.biz", "winner@deals-club.biz",
            "offers@cheap-meds.biz", "support@cheap-meds.biz", "billing@cheap-meds.biz"};
    private static final String[] NEWSLETTER_LINES = {"This week's best deals on garden furniture and lighting.",
            "Our autumn collection is here: coats, boots and knitwear.", "Members save 20% on their next order this weekend.",
            "Top stories of the week, picked by our editors."};
    private static final String[] ORDER_LINES = {"Your order has shipped and should arrive within three business days.",
            "We received your payment; the receipt is attached.", "Your verification code is 553201; it expires in 10 minutes."};
    /** Recently delivered mails, for the bots' clicks on mail that was never theirs. */
    private static final int REMEMBERED = 1_000;

    private final SplittableRandom rnd;
    private final int users;
    private final String[] recent = new String[REMEMBERED];
    private int delivered;
    /** Clicks decided at delivery, due a few seconds to a minute later (a reader opens the letter first). */
    private final java.util.PriorityQueue<MailEvent> clicks = new java.util.PriorityQueue<>(java.util.Comparator.comparingLong(c -> c.ts));
    private long seq;

    public MailGenerator(long seed, int users) {
        this.rnd = new SplittableRandom(seed);
        this.users = users;
    }

    /** One in five readers clicks what they think of their mail; the rest click rarely, and carelessly. */
    public static boolean careful(String userId) {
        return Math.floorMod(userId.hashCode(), 5) == 0;
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

    /**
     * The next event: mostly received mail (a third spam, the rest personal letters, newsletters and order notices), then
     * feedback clicks on recently delivered mail (careful readers mark spam, unsubscribe from newsletters and rescue ham;
     * careless ones click at random; a few bot accounts click on mail that was never theirs, in bursts), registrations
     * and logins.
     */
    public MailEvent next(long ts) {
        if (!clicks.isEmpty() && clicks.peek().ts <= ts) return clicks.poll();
        MailEvent e = new MailEvent();
        e.schema = MailEvent.SCHEMA_VERSION;
        e.eventId = nextId();
        e.userId = "u" + rnd.nextInt(users);
        e.ts = ts;
        double r = rnd.nextDouble();
        if (r < 0.92 || delivered == 0) {
            received(e);
        } else if (r < 0.93) {
            botClick(e);
        } else if (r < 0.95) {
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

    private String nextId() {
        return "m" + Long.toHexString(rnd.nextLong()) + Long.toHexString(seq++);
    }

    private void received(MailEvent e) {
        double kind = rnd.nextDouble();
        String k = kind < 0.3 ? "spam" : kind < 0.45 ? "newsletter" : kind < 0.55 ? "order" : "personal";
        letter(e, k);
        recent[delivered++ % REMEMBERED] = e.mailId;
        String action = null;
        if (careful(e.userId)) {
            double c = rnd.nextDouble();
            action = switch (k) {
                case "spam" -> c < 0.8 ? (c < 0.08 ? "phishing" : "spam") : null;
                case "newsletter" -> c < 0.3 ? "unsubscribe" : null;
                default -> c < 0.02 ? "not_spam" : null;
            };
        } else if (rnd.nextDouble() < 0.02) { // careless: any button
            action = CARELESS[rnd.nextInt(CARELESS.length)];
        }
        if (action != null) clicks.add(click(e.userId, e.mailId, action, e.ts + 5_000 + rnd.nextInt(55_000)));
    }

    /** A legitimate letter to {@code userId} at {@code ts}: a personal letter (60%), a newsletter (25%) or an order notice. */
    public MailEvent ham(String userId, long ts) {
        MailEvent e = new MailEvent();
        e.schema = MailEvent.SCHEMA_VERSION;
        e.eventId = nextId();
        e.userId = userId;
        e.ts = ts;
        double kind = rnd.nextDouble();
        letter(e, kind < 0.6 ? "personal" : kind < 0.85 ? "newsletter" : "order");
        return e;
    }

    /** Fills a received letter of one kind: spam, newsletter, order or personal. */
    private void letter(MailEvent e, String k) {
        e.type = MailType.MAIL_RECEIVED;
        e.mailId = "mail-" + Long.toHexString(rnd.nextLong());
        e.to = e.userId + "@mail.example";
        switch (k) {
            case "spam" -> {
                e.from = SPAM_SENDERS[rnd.nextInt(SPAM_SENDERS.length)];
                e.subject = SPAM_SUBJECTS[rnd.nextInt(5)];
                e.body = body(SPAM_LINES);
                e.headers = Map.of("x-mailer", "BulkBlaster 9", "received-spf", "softfail");
            }
            case "newsletter" -> {
                e.from = "Shop News <news@shop" + rnd.nextInt(3) + ".example>";
                e.subject = "This week at the shop";
                e.body = body(NEWSLETTER_LINES) + "\n\nTo unsubscribe, follow the link in this letter's footer.";
                e.headers = Map.of("list-unsubscribe", "<https://shop.example/unsubscribe>", "precedence", "bulk", "received-spf", "pass");
            }
            case "order" -> {
                e.from = "no-reply@orders.shop" + rnd.nextInt(3) + ".example";
                e.subject = "Your order";
                e.body = body(ORDER_LINES);
                e.headers = Map.of("auto-submitted", "auto-generated", "received-spf", "pass");
            }
            default -> {
                e.from = "friend" + rnd.nextInt(200) + "@example.org";
                e.subject = HAM_SUBJECTS[rnd.nextInt(5)];
                e.body = reply(body(HAM_LINES));
                e.headers = Map.of("x-mailer", "Thunderbird 128", "received-spf", "pass");
            }
        }
    }

    private MailEvent click(String userId, String mailId, String action, long ts) {
        MailEvent c = new MailEvent();
        c.schema = MailEvent.SCHEMA_VERSION;
        c.eventId = nextId();
        c.type = MailType.FEEDBACK;
        c.userId = userId;
        c.mailId = mailId;
        c.action = action;
        c.ts = ts;
        return c;
    }

    /** A bot account clicking "spam" on somebody else's mail, sometimes in a burst: rejected as an unknown mail or rate-limited. */
    private void botClick(MailEvent e) {
        e.type = MailType.FEEDBACK;
        e.userId = "mailbot-" + rnd.nextInt(3);
        e.mailId = recent[rnd.nextInt(Math.min(delivered, REMEMBERED))];
        e.action = "spam";
        if (rnd.nextDouble() < 0.1) {
            for (int i = 1; i <= 30; i++) clicks.add(click(e.userId, recent[rnd.nextInt(Math.min(delivered, REMEMBERED))], "spam", e.ts + i * 100L));
        }
    }

    private static final String[] CARELESS = {"spam", "not_spam", "unsubscribe", "spam"};
}
