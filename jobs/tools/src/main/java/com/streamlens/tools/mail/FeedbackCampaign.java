package com.streamlens.tools.mail;

import com.streamlens.state.events.MailEvent;
import com.streamlens.state.events.MailType;
import com.streamlens.state.records.BotVerdict;
import com.streamlens.operators.mail.category.CategoryExample;
import com.streamlens.operators.mail.spam.MailText;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The feedback loop's simulated world: a new spam campaign sent to many users over a few hours, from 20 addresses on
 * 3 domains (the recipient list split across them, some mail rotated to other addresses), in text variants spun from templates ({a|b} choices and slots, as campaigns are written); half of its
 * templates appear only after the first half of the campaign (its later variants). Ham keeps flowing: real letters (the
 * SpamAssassin ham no model trained on), each sent to several users.
 * A share of the recipients click "spam" on their first campaign mails; careless users click at random; bot accounts,
 * judged by the antibot, click too, and others click on mail that was never theirs.
 */
public final class FeedbackCampaign {
    public static final long T0 = 1_767_600_000_000L; // 2026-01-05 08:00 UTC
    static final String[] DOMAINS = {"secure-docs-mail.com", "billing-center.net", "notify-portal.info"};
    static final String[] LOCALS = {"accounts", "billing", "invoice", "docs", "support", "finance", "payments"};

    /**
     * The campaign is written like the letters people send each other (a follow-up, a shared file, a question), with a
     * link: the hash-busting style that gets past a content model trained on older mail. The early templates (0–2) run
     * all campaign long; the later ones (3–5), other wording of the same lure, join halfway.
     */
    static final String[] TEMPLATES = {
            "{Hi|Hey|Hello} {NAME}, {following up on|about} {our talk|the thread|what we discussed} {last week|on Tuesday|yesterday}: "
                    + "{I put|I have put} {the notes|my notes|a short summary} {online|up} at {LINK} {so you can|if you want to} "
                    + "{take a look|have a look|check them}. {Let me know|Tell me} what you think. {Cheers|Thanks}, {SENDER}",
            "{NAME}, {sorry|apologies} for the {late|slow} {reply|answer}. The {files|documents|photos} {you asked for|we talked about} "
                    + "are {in the shared folder|uploaded}, {here|the link is}: {LINK} {Some of them|A few} are {large|big}, so give it "
                    + "{a minute|a moment} to {load|open}. {Talk soon|Speak soon}, {SENDER}",
            "{Hello|Hi} {NAME}, {quick question|a quick one}: {did you get|have you seen} the {draft|spreadsheet|proposal} I "
                    + "{sent|shared} {on Monday|last week}? {I moved it|It moved} to {LINK} because the {old link|first link} "
                    + "{stopped working|expired}. {No rush|Whenever you can}, {SENDER}",
            "{Hey|Hi} {NAME}, {I think|I guess} you {missed|did not see} my {last message|earlier mail}. {Could you|Can you} "
                    + "{look over|check} the {changes|edits} {before|by} {DAY}? {Everything is|It is all} {here|in one place}: {LINK} "
                    + "{Thanks a lot|Many thanks}, {SENDER}",
            "{NAME}, {as promised|like I said}, {here are|these are} the {slides|pictures|minutes} from the {meeting|weekend|event}. "
                    + "{I could not|I couldn't} attach them, {they are too big|the file was too large}, so {I uploaded them|they are} at "
                    + "{LINK} {Hope you are well|Hope all is well}, {SENDER}",
            "{Hello|Hi} {NAME}, {one more thing|just a reminder} {about|regarding} {the plan|the schedule|our project}: {the latest|the "
                    + "current} {version|copy} {is|now lives} at {LINK} {please|kindly} {use that one|work from that one} {from now on|"
                    + "going forward}. {Best|All the best}, {SENDER}"};
    static final String[] NAMES = {"Anna", "Boris", "Chris", "Daria", "Elena", "Frank", "George", "Helen", "Igor", "Julia"};
    static final String[] DAYS = {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "the end of the day", "tomorrow"};

    /** One campaign mail as the evaluation scores it. */
    public record CampaignMail(String mailId, String userId, long ts, int template) {}

    /** One intended click, before the job decides whether to trust it. */
    public record Click(String userId, String mailId, String action, long ts, String who) {}

    public record World(List<MailEvent> events, List<BotVerdict> botVerdicts, Map<String, CampaignMail> campaign, Set<String> hamIds,
                        Set<String> clickers, Map<String, Long> clickersDoneAt, List<Click> clicks, long end) {}

    private FeedbackCampaign() {}

    /**
     * {@code users} recipients over {@code hours}: each gets Poisson({@code campaignPerUser}) campaign mails and
     * Poisson({@code hamPerUser}) ham at uniform times; {@code clickerShare} of them click "spam" on their first
     * {@code clicksEach} campaign mails 1–10 minutes after delivery; {@code carelessShare} click a random button on one
     * random mail of theirs; {@code bots} bot accounts (half judged by the antibot) click "spam" on other users' mail.
     * {@code senderRotation}: the share of campaign mails sent from a random address rather than the recipient's segment's.
     */
    public static World build(long seed, int users, double hours, double campaignPerUser, double hamPerUser, double clickerShare,
                              int clicksEach, double carelessShare, int bots, double senderRotation, List<CategoryExample> hamLetters) {
        if (hamLetters.isEmpty()) throw new IllegalArgumentException("no ham letters to send");
        SplittableRandom rnd = new SplittableRandom(seed);
        long span = (long) (hours * 3_600_000L);
        long end = T0 + span;
        List<MailEvent> events = new ArrayList<>();
        Map<String, CampaignMail> campaign = new HashMap<>();
        Set<String> hamIds = new HashSet<>();
        Map<String, List<MailEvent>> byUser = new HashMap<>();
        String[] senders = new String[20];
        for (int i = 0; i < senders.length; i++) senders[i] = LOCALS[i % LOCALS.length] + (i / LOCALS.length == 0 ? "" : String.valueOf(i)) + "@" + DOMAINS[i % DOMAINS.length];
        long id = 0;
        for (int u = 0; u < users; u++) {
            String user = "u" + u;
            for (int k = poisson(rnd, hamPerUser); k > 0; k--) {
                MailEvent h = hamMail(hamLetters.get(rnd.nextInt(hamLetters.size())), user, T0 + (long) (rnd.nextDouble() * span), "h-" + (id++));
                hamIds.add(h.mailId);
                events.add(h);
                byUser.computeIfAbsent(user, x -> new ArrayList<>()).add(h);
            }
            for (int k = poisson(rnd, campaignPerUser); k > 0; k--) {
                long ts = T0 + (long) (rnd.nextDouble() * span);
                int template = ts < T0 + span / 2 ? rnd.nextInt(3) : rnd.nextInt(TEMPLATES.length);
                MailEvent m = new MailEvent();
                m.schema = MailEvent.SCHEMA_VERSION;
                m.eventId = "c-" + id;
                m.type = MailType.MAIL_RECEIVED;
                m.userId = user;
                m.ts = ts;
                m.mailId = "campaign-" + (id++);
                // The list is split across the sending addresses, as bulk senders spread volume: a recipient hears from
                // the address of their segment, or with probability senderRotation from any other.
                m.from = rnd.nextDouble() < senderRotation ? senders[rnd.nextInt(senders.length)] : senders[Math.floorMod(user.hashCode(), senders.length)];
                m.to = user + "@mail.example";
                String sender = Character.toUpperCase(m.from.charAt(0)) + m.from.substring(1, m.from.indexOf('@')).replaceAll("\\d", "");
                m.subject = spin(rnd, "{Re: |}{notes|files|the draft|quick question|as promised|update}", sender);
                m.body = spin(rnd, TEMPLATES[template], sender);
                m.headers = Map.of("x-mailer", "Microsoft Outlook 16.0");
                campaign.put(m.mailId, new CampaignMail(m.mailId, user, ts, template));
                events.add(m);
                byUser.computeIfAbsent(user, x -> new ArrayList<>()).add(m);
            }
        }
        List<Click> clicks = new ArrayList<>();
        Set<String> clickers = new HashSet<>();
        Map<String, Long> doneAt = new HashMap<>();
        List<String> recipients = byUser.keySet().stream().sorted().toList();
        for (String user : recipients) {
            List<MailEvent> mails = byUser.get(user);
            mails.sort(Comparator.comparingLong(m -> m.ts));
            List<MailEvent> theirs = mails.stream().filter(m -> campaign.containsKey(m.mailId)).toList();
            double r = rnd.nextDouble();
            if (!theirs.isEmpty() && r < clickerShare) {
                clickers.add(user);
                long last = 0;
                for (MailEvent m : theirs.subList(0, Math.min(clicksEach, theirs.size()))) {
                    long at = m.ts + 60_000 + (long) (rnd.nextDouble() * 540_000);
                    clicks.add(new Click(user, m.mailId, "spam", at, "clicker"));
                    last = Math.max(last, at);
                }
                doneAt.put(user, last);
            } else if (r < clickerShare + carelessShare) {
                MailEvent m = mails.get(rnd.nextInt(mails.size()));
                String action = rnd.nextBoolean() ? "spam" : "not_spam";
                clicks.add(new Click(user, m.mailId, action, m.ts + 60_000 + (long) (rnd.nextDouble() * 1_800_000), "careless"));
            }
        }
        List<BotVerdict> verdicts = new ArrayList<>();
        for (int b = 0; b < bots; b++) {
            String bot = "mailbot-" + b;
            BotVerdict v = new BotVerdict();
            v.userId = bot;
            v.stage = BotVerdict.SIGNAL;
            v.verdict = b % 2 == 0 ? BotVerdict.BOT : BotVerdict.HUMAN; // half judged bots; the others are caught by their clicks
            v.score = b % 2 == 0 ? 0.99 : 0.2;
            v.reasons = List.of("login-failures");
            v.ts = T0;
            verdicts.add(v);
            // Bots click "spam" on campaign and ham mails they never got, in bursts of 30.
            for (int k = 0; k < 30; k++) {
                MailEvent target = events.get(rnd.nextInt(events.size()));
                clicks.add(new Click(bot, target.mailId, "spam", T0 + span / 4 + k * 200L, "bot"));
            }
        }
        for (Click c : clicks) {
            MailEvent e = new MailEvent();
            e.schema = MailEvent.SCHEMA_VERSION;
            e.eventId = "f-" + (id++);
            e.type = MailType.FEEDBACK;
            e.userId = c.userId();
            e.mailId = c.mailId();
            e.action = c.action();
            e.ts = c.ts();
            events.add(e);
        }
        events.sort(Comparator.comparingLong((MailEvent e) -> e.ts).thenComparing(e -> e.eventId));
        return new World(events, verdicts, campaign, hamIds, clickers, doneAt, clicks, end);
    }

    /** A real ham letter delivered to {@code user}: its subject, body, sender and headers as the mail gateway would send them. */
    static MailEvent hamMail(CategoryExample letter, String user, long ts, String id) {
        MailEvent m = new MailEvent();
        m.schema = MailEvent.SCHEMA_VERSION;
        m.eventId = "e-" + id;
        m.type = MailType.MAIL_RECEIVED;
        m.userId = user;
        m.ts = ts;
        m.mailId = id;
        m.from = letter.from() == null ? "unknown@example.org" : letter.from();
        m.to = user + "@mail.example";
        int split = letter.text().indexOf("\n\n");
        m.subject = split < 0 ? "" : letter.text().substring(0, split);
        m.body = MailText.body(letter.text());
        Map<String, String> headers = new HashMap<>(letter.headers());
        headers.remove("from");
        m.headers = headers;
        return m;
    }

    private static final Pattern CHOICE = Pattern.compile("\\{([^{}]*)\\}");

    /** Spintax: innermost {a|b|c} first, a choice each; slots NAME, NUM, AMOUNT, LINK, DAY, SENDER filled at random. */
    static String spin(SplittableRandom rnd, String template, String sender) {
        String s = template;
        while (true) {
            Matcher m = CHOICE.matcher(s);
            if (!m.find()) return s;
            String inner = m.group(1);
            String value = switch (inner) {
                case "NAME" -> NAMES[rnd.nextInt(NAMES.length)];
                case "NUM" -> String.valueOf(10_000 + rnd.nextInt(90_000));
                case "AMOUNT" -> String.format(java.util.Locale.ROOT, "%d.%02d EUR", 100 + rnd.nextInt(4_900), rnd.nextInt(100));
                case "LINK" -> "https://" + new String[] {"docs", "secure", "portal", "view"}[rnd.nextInt(4)] + "-" + Long.toString(rnd.nextLong(36L * 36 * 36 * 36), 36)
                        + "." + new String[] {"com", "net", "info"}[rnd.nextInt(3)] + "/" + Long.toString(rnd.nextLong(1L << 40), 36);
                case "DAY" -> DAYS[rnd.nextInt(DAYS.length)];
                case "SENDER" -> sender;
                default -> {
                    String[] options = inner.split("\\|", -1);
                    yield options[rnd.nextInt(options.length)];
                }
            };
            s = s.substring(0, m.start()) + value + s.substring(m.end());
        }
    }

    static int poisson(SplittableRandom rnd, double mean) {
        double l = Math.exp(-mean), p = 1;
        int k = 0;
        do {
            k++;
            p *= rnd.nextDouble();
        } while (p > l);
        return k - 1;
    }
}
