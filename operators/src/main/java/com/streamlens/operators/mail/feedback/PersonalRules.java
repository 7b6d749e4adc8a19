package com.streamlens.operators.mail.feedback;

import com.streamlens.operators.mail.Senders;
import com.streamlens.operators.mail.spam.NearDuplicates;
import com.streamlens.state.records.LetterRule;
import com.streamlens.state.records.LetterRules;
import com.streamlens.state.records.MailRule;
import com.streamlens.state.records.MailVerdict;
import com.streamlens.state.records.RuleEvidence;
import java.util.ArrayList;
import java.util.List;

/**
 * The plain logic of personal rules: which rules a click is evidence for, when a run of consistent clicks makes a rule,
 * when an opposite click is a flip, and how the rules that match a mail override the model's verdict.
 */
public final class PersonalRules {
    private PersonalRules() {}

    /** spam and phishing → always spam; not_spam → never spam; unsubscribe → skip the inbox. */
    public static String effectOf(String action) {
        return switch (action) {
            case "spam", "phishing" -> MailRule.ALWAYS_SPAM;
            case "not_spam" -> MailRule.NEVER_SPAM;
            case "unsubscribe" -> MailRule.SKIP_INBOX;
            default -> throw new IllegalArgumentException("not a feedback action: " + action);
        };
    }

    public static String ruleId(String kind, String target) {
        return kind + ":" + target;
    }

    /** The rule ids a validated click counts towards: its sender and (outside shared free-mail domains) its domain, or the unsubscribe rule. */
    public static List<String> evidenceIds(String action, String sender, MailboxSettings s) {
        List<String> ids = new ArrayList<>(2);
        if (sender == null) return ids;
        if (effectOf(action).equals(MailRule.SKIP_INBOX)) {
            ids.add(ruleId(MailRule.UNSUBSCRIBE, sender));
        } else {
            ids.add(ruleId(MailRule.SENDER, sender));
            String domain = Senders.domain(sender);
            if (!s.sharedDomains().contains(domain)) ids.add(ruleId(MailRule.DOMAIN, domain));
        }
        return ids;
    }

    public static String kindOf(String ruleId) {
        return ruleId.substring(0, ruleId.indexOf(':'));
    }

    public static String targetOf(String ruleId) {
        return ruleId.substring(ruleId.indexOf(':') + 1);
    }

    /** True when {@code effect} contradicts the user's last click on the same sender within the flip window. */
    public static boolean isFlip(RuleEvidence last, String effect, long ts, MailboxSettings s) {
        return last != null && opposite(last.effect, effect) && ts - last.lastClickAt < s.flipWindow().toMillis();
    }

    static boolean opposite(String a, String b) {
        return (MailRule.ALWAYS_SPAM.equals(a) && MailRule.NEVER_SPAM.equals(b)) || (MailRule.NEVER_SPAM.equals(a) && MailRule.ALWAYS_SPAM.equals(b));
    }

    /** The evidence after one more validated click: the run grows with the same effect, restarts at 1 with another. */
    public static RuleEvidence advance(RuleEvidence prev, String effect, String mailId, long ts) {
        RuleEvidence e = new RuleEvidence();
        e.effect = effect;
        e.clicks = prev != null && effect.equals(prev.effect) ? prev.clicks + 1 : 1;
        e.lastClickAt = Math.max(ts, prev == null ? ts : prev.lastClickAt);
        e.lastMailId = mailId;
        return e;
    }

    /**
     * The rule the evidence makes, or null while the run is shorter than K for its kind. An existing rule with the same
     * effect is reinforced (clicks, time); one with another effect is replaced under the same id.
     */
    public static MailRule ruleFrom(String userId, String ruleId, RuleEvidence evidence, MailRule existing, MailboxSettings s) {
        String kind = kindOf(ruleId);
        boolean reinforces = existing != null && existing.effect.equals(evidence.effect);
        if (!reinforces && evidence.clicks < s.clicksFor(kind)) return null;
        MailRule r = new MailRule();
        r.userId = userId;
        r.ruleId = ruleId;
        r.kind = kind;
        r.target = targetOf(ruleId);
        r.effect = evidence.effect;
        r.clicks = reinforces ? existing.clicks + 1 : evidence.clicks;
        r.createdAt = reinforces ? existing.createdAt : evidence.lastClickAt;
        r.reinforcedAt = evidence.lastClickAt;
        return r;
    }

    public static boolean expired(MailRule r, long now, MailboxSettings s) {
        return now - r.reinforcedAt >= s.ruleLifetime().toMillis();
    }

    /**
     * Applies the user's matching rules to the model's verdict, in place: an address rule over a domain rule over a
     * letter rule; an unsubscribe rule moves a letter that stays ham and is not personal mail out of the inbox.
     */
    public static void apply(MailVerdict v, MailRule sender, MailRule domain, MailRule letter, MailRule unsubscribe) {
        MailRule spamRule = sender != null ? sender : domain != null ? domain : letter;
        if (spamRule != null) {
            boolean spam = MailRule.ALWAYS_SPAM.equals(spamRule.effect);
            v.verdict = spam ? MailVerdict.SPAM : MailVerdict.HAM;
            v.folder = spam ? MailVerdict.SPAM_FOLDER : MailVerdict.INBOX;
            v.decidedBy = MailVerdict.BY_RULE;
            v.rule = spamRule.ruleId;
        }
        if (unsubscribe != null && MailVerdict.HAM.equals(v.verdict) && !"personal".equals(v.category)) {
            v.folder = MailVerdict.SKIPPED;
            v.decidedBy = MailVerdict.BY_RULE;
            v.rule = unsubscribe.ruleId;
        }
    }

    /** A letter rule as the rule record the mail UI and the mail-rules topic show. */
    public static MailRule asRule(String userId, LetterRule l) {
        MailRule r = new MailRule();
        r.userId = userId;
        r.ruleId = l.ruleId;
        r.kind = MailRule.LETTER;
        r.target = l.subject;
        r.effect = MailRule.ALWAYS_SPAM;
        r.clicks = l.clicks;
        r.createdAt = l.createdAt;
        r.reinforcedAt = l.reinforcedAt;
        return r;
    }

    /** The live letter rule most similar to a letter's signature, at least the threshold; null when none is. */
    public static LetterRule similarLetter(LetterRules rules, long[] signature, long now, MailboxSettings s) {
        LetterRule best = null;
        double bestSimilarity = s.letterSimilarity();
        for (LetterRule l : rules.rules) {
            if (now - l.reinforcedAt >= s.ruleLifetime().toMillis()) continue;
            double j = NearDuplicates.estimatedJaccard(signature, l.signature);
            if (j >= bestSimilarity) {
                best = l;
                bestSimilarity = j;
            }
        }
        return best;
    }

    /** MinHash hashes of a letter rule: the estimate's s.d. at J = 0.5 is 0.09. */
    public static final int LETTER_HASHES = 32;
}
