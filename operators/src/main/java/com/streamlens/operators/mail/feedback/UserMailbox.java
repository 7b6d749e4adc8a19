package com.streamlens.operators.mail.feedback;

import com.streamlens.operators.mail.MailState;
import com.streamlens.operators.mail.MailboxInput;
import com.streamlens.operators.mail.Senders;
import com.streamlens.state.events.MailEvent;
import com.streamlens.state.records.ClickBudget;
import com.streamlens.state.records.EarlyClick;
import com.streamlens.operators.mail.spam.NearDuplicates;
import com.streamlens.state.records.FeedbackRejection;
import com.streamlens.state.records.LetterRule;
import com.streamlens.state.records.LetterRules;
import com.streamlens.state.records.MailContent;
import com.streamlens.state.records.MailRule;
import com.streamlens.state.records.MailVerdict;
import com.streamlens.state.records.RecentMail;
import com.streamlens.state.records.RuleEvidence;
import com.streamlens.state.records.SpamFeedback;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Keyed by user: the user's mailbox as the mail job knows it. A scored mail has the user's personal rules applied to
 * its verdict and is remembered (the last {@code recentMails}, {@code recentMailAge}); a feedback click is validated
 * against those mails, the antibot's verdict, a click budget and the user's own recent clicks, and a validated click
 * grows the rule evidence, then rules (address, domain, unsubscribe), and a validated spam click makes a "letters like
 * this" rule at once. Validated clicks, rejected clicks and rule changes leave on side outputs.
 */
public class UserMailbox extends KeyedProcessFunction<String, MailboxInput, MailVerdict> {
    public static final OutputTag<SpamFeedback> VALIDATED = new OutputTag<>("validated-feedback") {};
    public static final OutputTag<FeedbackRejection> REJECTED = new OutputTag<>("rejected-feedback") {};
    public static final OutputTag<MailRule> RULE_CHANGES = new OutputTag<>("rule-changes") {};
    /** Clicks waiting for their mail, per user: beyond this a click on an unknown mail is rejected at once. */
    static final int MAX_EARLY_CLICKS = 100;

    private final MailboxSettings s;
    private transient MapState<String, RecentMail> mails;
    private transient MapState<Long, String> order;
    private transient ValueState<Long> nextSeq;
    private transient MapState<String, MailContent> texts;
    private transient MapState<String, RuleEvidence> evidence;
    private transient MapState<String, MailRule> rules;
    private transient ValueState<LetterRules> letters;
    private transient ValueState<ClickBudget> budget;
    private transient ValueState<Boolean> bot;
    private transient MapState<String, EarlyClick> early;
    private transient Counter validated;
    private transient Map<String, Counter> rejected;
    private transient Counter rulesCreated;
    private transient Counter rulesRemoved;
    private transient Counter decidedByRule;

    public UserMailbox(MailboxSettings settings) {
        this.s = settings;
    }

    @Override
    public void open(OpenContext ctx) {
        var rc = getRuntimeContext();
        mails = rc.getMapState(MailState.recentMails(s.recentMailAge()));
        order = rc.getMapState(MailState.mailOrder(s.recentMailAge()));
        nextSeq = rc.getState(MailState.nextMailSeq(s.recentMailAge()));
        texts = rc.getMapState(MailState.mailTexts(s.textAge()));
        evidence = rc.getMapState(MailState.ruleEvidence(s.recentMailAge()));
        rules = rc.getMapState(MailState.rules(s.ruleLifetime()));
        letters = rc.getState(MailState.letterRules(s.ruleLifetime()));
        budget = rc.getState(MailState.clickBudget());
        bot = rc.getState(MailState.judgedBot(s.botVerdictTtl()));
        early = rc.getMapState(MailState.earlyClicks(s.earlyClickWait()));
        MetricGroup m = rc.getMetricGroup();
        validated = m.counter("feedbackValidated");
        rejected = new HashMap<>();
        MetricGroup reasons = m.addGroup("feedbackRejected");
        for (String r : List.of(FeedbackRejection.UNKNOWN_MAIL, FeedbackRejection.BOT, FeedbackRejection.RATE_LIMITED,
                FeedbackRejection.FLIP, FeedbackRejection.DUPLICATE)) rejected.put(r, reasons.counter(r));
        rulesCreated = m.counter("rulesCreated");
        rulesRemoved = m.counter("rulesRemoved");
        decidedByRule = m.counter("verdictsByRule");
    }

    @Override
    public void processElement(MailboxInput in, Context ctx, Collector<MailVerdict> out) throws Exception {
        if (in.bot != null) {
            if (in.bot.isBot()) bot.update(true);
            else bot.clear();
        } else if (in.verdict != null) {
            deliver(in.event, in.verdict, ctx, out);
        } else {
            click(in.event, ctx);
        }
    }

    private void deliver(MailEvent mail, MailVerdict v, Context ctx, Collector<MailVerdict> out) throws Exception {
        String sender = v.from;
        MailRule senderRule = live(PersonalRules.ruleId(MailRule.SENDER, sender), v.ts, ctx);
        MailRule domainRule = live(PersonalRules.ruleId(MailRule.DOMAIN, Senders.domain(sender)), v.ts, ctx);
        MailRule unsubscribe = live(PersonalRules.ruleId(MailRule.UNSUBSCRIBE, sender), v.ts, ctx);
        MailContent content = content(mail);
        MailRule letterRule = senderRule == null && domainRule == null ? likeAReportedLetter(content, v.userId, v.ts, ctx) : null;
        PersonalRules.apply(v, senderRule, domainRule, letterRule, unsubscribe);
        if (MailVerdict.BY_RULE.equals(v.decidedBy)) decidedByRule.inc();
        remember(mail, v, content);
        out.collect(v);
        EarlyClick waiting = early.get(v.mailId);
        if (waiting != null) {
            early.remove(v.mailId);
            validate(clickOf(waiting, v.userId), ctx);
        }
    }

    /** The rule with this id unless it has expired by {@code now} (then it is removed and announced). */
    private MailRule live(String ruleId, long now, Context ctx) throws Exception {
        MailRule r = rules.get(ruleId);
        if (r == null) return null;
        if (!PersonalRules.expired(r, now, s)) return r;
        rules.remove(ruleId);
        announceRemoval(r, "expired", ctx);
        return null;
    }

    /** The user's letter rule this letter is like, if any; expired letter rules are dropped and announced on the way. */
    private MailRule likeAReportedLetter(MailContent content, String userId, long now, Context ctx) throws Exception {
        LetterRules held = letters.value();
        if (held == null || held.rules.isEmpty()) return null;
        List<LetterRule> expired = held.rules.stream().filter(l -> now - l.reinforcedAt >= s.ruleLifetime().toMillis()).toList();
        if (!expired.isEmpty()) {
            held.rules.removeAll(expired);
            letters.update(held);
            for (LetterRule l : expired) announceRemoval(PersonalRules.asRule(userId, l), "expired", ctx);
        }
        LetterRule like = PersonalRules.similarLetter(held, letterSignature(content), now, s);
        return like == null ? null : PersonalRules.asRule(userId, like);
    }

    private static long[] letterSignature(MailContent c) {
        return NearDuplicates.signature(c.body == null ? "" : c.body, PersonalRules.LETTER_HASHES);
    }

    private void remember(MailEvent mail, MailVerdict v, MailContent content) throws Exception {
        Long next = nextSeq.value();
        long seq = next == null ? 0 : next;
        nextSeq.update(seq + 1);
        RecentMail r = new RecentMail();
        r.mailId = v.mailId;
        r.seq = seq;
        r.from = v.from;
        r.ts = v.ts;
        r.verdict = v.verdict;
        r.modelVerdict = v.modelVerdict;
        r.spamProbability = v.spamProbability;
        r.modelVersion = v.modelVersion;
        r.category = v.category;
        mails.put(r.mailId, r);
        order.put(seq, r.mailId);
        texts.put(r.mailId, content);
        String evicted = seq >= s.recentMails() ? order.get(seq - s.recentMails()) : null;
        if (evicted != null) {
            order.remove(seq - s.recentMails());
            mails.remove(evicted);
            texts.remove(evicted);
        }
    }

    static MailContent content(MailEvent mail) {
        MailContent c = new MailContent();
        c.subject = cut(mail.subject, 512);
        c.body = cut(mail.body, MailContent.TEXT_CHARS - (c.subject == null ? 0 : c.subject.length()));
        c.headers = mail.headers;
        return c;
    }

    private static String cut(String s, int chars) {
        return s == null || s.length() <= chars ? s : s.substring(0, chars);
    }

    private void click(MailEvent e, Context ctx) throws Exception {
        if (Boolean.TRUE.equals(bot.value())) {
            reject(e, FeedbackRejection.BOT, "the antibot's latest verdict on this account is bot", ctx);
            return;
        }
        ClickBudget b = budget.value();
        if (b == null) b = new ClickBudget();
        boolean allowed = ClickBudgets.take(b, e.ts, s);
        budget.update(b);
        if (!allowed) {
            reject(e, FeedbackRejection.RATE_LIMITED, "more than " + s.clickBurst() + " clicks in a burst", ctx);
            return;
        }
        if (!mails.contains(e.mailId)) {
            waitForMail(e, ctx);
            return;
        }
        validate(e, ctx);
    }

    /** A click on a mail not (yet) known: it waits for the mail's verdict, which travels a slower path, for a bounded time. */
    private void waitForMail(MailEvent e, Context ctx) throws Exception {
        int waiting = 0;
        for (String ignored : early.keys()) waiting++;
        if (waiting >= MAX_EARLY_CLICKS || early.contains(e.mailId)) {
            reject(e, FeedbackRejection.UNKNOWN_MAIL, "no mail " + e.mailId + " was delivered to this user", ctx);
            return;
        }
        EarlyClick c = new EarlyClick();
        c.eventId = e.eventId;
        c.mailId = e.mailId;
        c.action = e.action;
        c.ts = e.ts;
        c.arrivedAt = ctx.timerService().currentProcessingTime();
        early.put(e.mailId, c);
        ctx.timerService().registerProcessingTimeTimer(c.arrivedAt + s.earlyClickWait().toMillis());
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<MailVerdict> out) throws Exception {
        List<EarlyClick> due = new ArrayList<>();
        for (EarlyClick c : early.values()) if (c.arrivedAt + s.earlyClickWait().toMillis() <= timestamp) due.add(c);
        for (EarlyClick c : due) {
            early.remove(c.mailId);
            reject(clickOf(c, ctx.getCurrentKey()), FeedbackRejection.UNKNOWN_MAIL,
                    "no mail " + c.mailId + " was delivered to this user within " + s.earlyClickWait().toSeconds() + " s of the click", ctx);
        }
    }

    private static MailEvent clickOf(EarlyClick c, String userId) {
        MailEvent e = new MailEvent();
        e.eventId = c.eventId;
        e.userId = userId;
        e.mailId = c.mailId;
        e.action = c.action;
        e.ts = c.ts;
        return e;
    }

    /** The checks that need the mail: a duplicate, then a flip on the sender; then the click counts. */
    private void validate(MailEvent e, Context ctx) throws Exception {
        RecentMail mail = mails.get(e.mailId);
        if (e.action.equals(mail.clicked)) {
            reject(e, FeedbackRejection.DUPLICATE, "the same click on the same mail again", ctx);
            return;
        }
        String effect = PersonalRules.effectOf(e.action);
        List<String> ids = PersonalRules.evidenceIds(e.action, mail.from, s);
        RuleEvidence onSender = ids.isEmpty() ? null : evidence.get(ids.get(0));
        if (PersonalRules.isFlip(onSender, effect, e.ts, s)) {
            reject(e, FeedbackRejection.FLIP, "contradicts the user's own " + onSender.effect + " click on " + mail.from
                    + " within " + s.flipWindow().toDays() + " days", ctx);
            return;
        }
        mail.clicked = e.action;
        mails.put(mail.mailId, mail);
        validated.inc();
        ctx.output(VALIDATED, trainingRow(e, mail, texts.get(mail.mailId)));
        MailContent text = texts.get(mail.mailId);
        if (MailRule.ALWAYS_SPAM.equals(effect) && text != null && s.letterRules() > 0) learnLetter(e, text, ctx);
        for (String id : ids) {
            RuleEvidence next = PersonalRules.advance(evidence.get(id), effect, mail.mailId, e.ts);
            evidence.put(id, next);
            MailRule existing = rules.get(id);
            MailRule rule = PersonalRules.ruleFrom(e.userId, id, next, existing, s);
            if (rule == null) continue;
            rules.put(id, rule);
            if (existing == null || !existing.effect.equals(rule.effect)) rulesCreated.inc();
            ctx.output(RULE_CHANGES, rule);
            if (existing == null) evictBeyondBound(e.ts, ctx);
        }
    }

    /**
     * A validated spam click makes its letter a rule at once: a letter like one the user already reported reinforces that
     * rule instead. Past the letter bound the stalest letter rule goes, past the total bound the stalest other rule.
     */
    private void learnLetter(MailEvent click, MailContent text, Context ctx) throws Exception {
        long[] signature = letterSignature(text);
        if (signature.length == 0) return;
        LetterRules held = letters.value();
        if (held == null) held = new LetterRules();
        LetterRule like = PersonalRules.similarLetter(held, signature, click.ts, s);
        if (like != null) {
            like.clicks++;
            like.reinforcedAt = Math.max(like.reinforcedAt, click.ts);
        } else {
            like = new LetterRule();
            like.ruleId = PersonalRules.ruleId(MailRule.LETTER, click.mailId);
            like.subject = text.subject == null ? "" : text.subject.substring(0, Math.min(80, text.subject.length()));
            like.signature = signature;
            like.clicks = 1;
            like.createdAt = click.ts;
            like.reinforcedAt = click.ts;
            held.rules.add(like);
            rulesCreated.inc();
            if (held.rules.size() > s.letterRules()) {
                LetterRule stalest = held.rules.stream().min(java.util.Comparator.comparingLong(l -> l.reinforcedAt)).orElseThrow();
                held.rules.remove(stalest);
                announceRemoval(PersonalRules.asRule(click.userId, stalest), "evicted", ctx);
            }
        }
        letters.update(held);
        ctx.output(RULE_CHANGES, PersonalRules.asRule(click.userId, like));
        evictBeyondBound(click.ts, ctx);
    }

    /** Past {@code maxRules} with the letter rules counted, the stalest other rule (least recently reinforced) goes; expired ones go on the way. */
    private void evictBeyondBound(long now, Context ctx) throws Exception {
        List<MailRule> all = new ArrayList<>();
        for (MailRule r : rules.values()) all.add(r);
        for (MailRule r : all) {
            if (PersonalRules.expired(r, now, s)) {
                rules.remove(r.ruleId);
                announceRemoval(r, "expired", ctx);
            }
        }
        List<MailRule> left = all.stream().filter(r -> !PersonalRules.expired(r, now, s))
                .sorted(java.util.Comparator.comparingLong((MailRule r) -> r.reinforcedAt).thenComparing(r -> r.ruleId)).toList();
        LetterRules held = letters.value();
        int bound = s.maxRules() - (held == null ? 0 : held.rules.size());
        for (int i = 0; i < left.size() - bound; i++) {
            rules.remove(left.get(i).ruleId);
            announceRemoval(left.get(i), "evicted", ctx);
        }
    }

    private void announceRemoval(MailRule r, String because, Context ctx) {
        rulesRemoved.inc();
        ctx.output(RULE_CHANGES, r.removed(because));
    }

    static SpamFeedback trainingRow(MailEvent click, RecentMail mail, MailContent text) {
        SpamFeedback f = new SpamFeedback();
        f.eventId = click.eventId;
        f.mailId = mail.mailId;
        f.userId = click.userId;
        f.from = mail.from;
        f.action = click.action;
        String effect = PersonalRules.effectOf(click.action);
        f.label = MailRule.ALWAYS_SPAM.equals(effect) ? MailVerdict.SPAM : MailRule.NEVER_SPAM.equals(effect) ? MailVerdict.HAM : null;
        f.ts = click.ts;
        f.verdict = mail.verdict;
        f.modelVerdict = mail.modelVerdict;
        f.spamProbability = mail.spamProbability;
        f.modelVersion = mail.modelVersion;
        if (text != null) {
            f.subject = text.subject;
            f.body = text.body;
            f.headers = text.headers;
        }
        return f;
    }

    private void reject(MailEvent e, String reason, String detail, Context ctx) {
        rejected.get(reason).inc();
        FeedbackRejection r = new FeedbackRejection();
        r.eventId = e.eventId;
        r.userId = e.userId;
        r.mailId = e.mailId;
        r.action = e.action;
        r.reason = reason;
        r.detail = detail;
        r.ts = e.ts;
        r.rejectedAt = ctx.timerService().currentProcessingTime();
        ctx.output(REJECTED, r);
    }
}
