package com.streamlens.operators.mail.feedback;

import com.streamlens.operators.mail.Senders;
import java.io.Serializable;
import java.time.Duration;
import java.util.Set;

/**
 * How the mail job trusts feedback clicks, grows personal rules and judges senders globally. Defaults are the issue's
 * (K = 2 per address, 3 per domain, 180-day rules, 200 per user, 1,000 remembered mails over 30 days); the rest are
 * explained in docs/jobs/mail.md.
 *
 * @param recentMails       mails remembered per user to validate clicks against (oldest evicted first)
 * @param recentMailAge     how long a delivered mail can still be clicked
 * @param textAge           how long a mail's text is kept to join with a click for training (clicks come within hours)
 * @param clickBurst        clicks a user may make at once (token bucket capacity)
 * @param clicksPerHour     the bucket's refill: a sustained rate no careful reader exceeds
 * @param flipWindow        an opposite click on the same sender within this is a flip, not a change of mind
 * @param senderClicks      K for an address rule
 * @param domainClicks      K for a domain rule
 * @param unsubscribeClicks unsubscribe clicks on one sender before its bulk mail skips the inbox
 * @param ruleLifetime      a rule expires this long after its last reinforcing click
 * @param maxRules          rules per user, letter rules included; the stalest goes first
 * @param letterRules       of those, "letters like this" rules (one per validated spam click on a new kind of letter)
 * @param letterSimilarity  the least estimated Jaccard similarity of word trigrams for a letter to match a reported one
 * @param earlyClickWait    how long a click waits for its mail's verdict (the two travel different paths through the job)
 * @param sharedDomains     domains where strangers share a name (free mail): never a domain rule or a domain reputation
 * @param reputationWindow  reports of distinct users count within this, and a bad mark holds this long after the last
 * @param reputationUsers   distinct reporting users that make an address bad
 * @param domainReputationUsers distinct reporting users that make a whole domain bad
 * @param reputationScore   the least share reporters/(reporters + vouchers + 1) for a bad mark
 * @param botVerdictTtl     how long an antibot bot verdict keeps an account's clicks out
 */
public record MailboxSettings(int recentMails, Duration recentMailAge, Duration textAge, int clickBurst, double clicksPerHour,
                              Duration flipWindow, int senderClicks, int domainClicks, int unsubscribeClicks, Duration ruleLifetime,
                              int maxRules, int letterRules, double letterSimilarity, Duration earlyClickWait, Set<String> sharedDomains, Duration reputationWindow,
                              int reputationUsers, int domainReputationUsers, double reputationScore, Duration botVerdictTtl)
        implements Serializable {


    public MailboxSettings {
        if (recentMails < 1 || maxRules < 1) throw new IllegalArgumentException("recentMails and maxRules must be ≥ 1");
        if (letterRules < 0 || letterRules >= maxRules) throw new IllegalArgumentException("letterRules must be in [0, maxRules), got " + letterRules);
        if (!(letterSimilarity > 0 && letterSimilarity <= 1)) throw new IllegalArgumentException("letterSimilarity must be in (0, 1]");
        if (senderClicks < 1 || domainClicks < 1 || unsubscribeClicks < 1) throw new IllegalArgumentException("rule click counts must be ≥ 1");
        if (clickBurst < 1 || !(clicksPerHour > 0)) throw new IllegalArgumentException("the click budget must allow clicks");
        if (reputationUsers < 1 || domainReputationUsers < 1) throw new IllegalArgumentException("reputation user thresholds must be ≥ 1");
        if (!(reputationScore >= 0 && reputationScore <= 1)) throw new IllegalArgumentException("reputationScore must be in [0, 1]");
        sharedDomains = Set.copyOf(sharedDomains);
    }

    public static MailboxSettings defaults() {
        return new MailboxSettings(1_000, Duration.ofDays(30), Duration.ofDays(3), 20, 60, Duration.ofDays(7), 2, 3, 1,
                Duration.ofDays(180), 200, 20, 0.5, Duration.ofSeconds(60), Senders.FREE_MAIL, Duration.ofHours(24), 10, 30, 0.8, Duration.ofDays(1));
    }

    public MailboxSettings withRuleClicks(int sender, int domain, int unsubscribe) {
        return new MailboxSettings(recentMails, recentMailAge, textAge, clickBurst, clicksPerHour, flipWindow, sender, domain, unsubscribe,
                ruleLifetime, maxRules, letterRules, letterSimilarity, earlyClickWait, sharedDomains, reputationWindow, reputationUsers, domainReputationUsers, reputationScore,
                botVerdictTtl);
    }

    public MailboxSettings withReputation(Duration window, int users, int domainUsers, double score) {
        return new MailboxSettings(recentMails, recentMailAge, textAge, clickBurst, clicksPerHour, flipWindow, senderClicks, domainClicks,
                unsubscribeClicks, ruleLifetime, maxRules, letterRules, letterSimilarity, earlyClickWait, sharedDomains, window, users, domainUsers, score, botVerdictTtl);
    }

    public MailboxSettings withBounds(int mails, int rules, Duration lifetime) {
        return new MailboxSettings(mails, recentMailAge, textAge, clickBurst, clicksPerHour, flipWindow, senderClicks, domainClicks,
                unsubscribeClicks, lifetime, rules, Math.min(letterRules, rules - 1), letterSimilarity, earlyClickWait, sharedDomains, reputationWindow, reputationUsers, domainReputationUsers,
                reputationScore, botVerdictTtl);
    }

    public MailboxSettings withLetterRules(int letters, double similarity) {
        return new MailboxSettings(recentMails, recentMailAge, textAge, clickBurst, clicksPerHour, flipWindow, senderClicks, domainClicks,
                unsubscribeClicks, ruleLifetime, maxRules, letters, similarity, earlyClickWait, sharedDomains, reputationWindow, reputationUsers,
                domainReputationUsers, reputationScore, botVerdictTtl);
    }

    public MailboxSettings withClickBudget(int burst, double perHour) {
        return new MailboxSettings(recentMails, recentMailAge, textAge, burst, perHour, flipWindow, senderClicks, domainClicks,
                unsubscribeClicks, ruleLifetime, maxRules, letterRules, letterSimilarity, earlyClickWait, sharedDomains, reputationWindow, reputationUsers,
                domainReputationUsers, reputationScore, botVerdictTtl);
    }

    /** K for a rule kind. */
    public int clicksFor(String kind) {
        return switch (kind) {
            case "sender" -> senderClicks;
            case "domain" -> domainClicks;
            case "unsubscribe" -> unsubscribeClicks;
            default -> throw new IllegalArgumentException("unknown rule kind " + kind);
        };
    }
}
