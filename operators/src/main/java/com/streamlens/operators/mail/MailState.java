package com.streamlens.operators.mail;

import com.streamlens.operators.runtime.Ttl;
import com.streamlens.state.records.ClickBudget;
import com.streamlens.state.records.EarlyClick;
import com.streamlens.state.records.LetterRules;
import com.streamlens.state.records.MailContent;
import com.streamlens.state.records.MailRule;
import com.streamlens.state.records.RecentMail;
import com.streamlens.state.records.RuleEvidence;
import com.streamlens.state.records.SenderReputation;
import com.streamlens.state.records.UserMailSummary;
import java.time.Duration;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;

/** State descriptors of the mail job. Every lifecycle is in one line beside its descriptor. */
public final class MailState {
    private MailState() {}

    /** A user without mail for this long starts a fresh summary; matches the Redis key's default TTL. */
    public static final Duration SUMMARY_TTL = Duration.ofDays(30);

    /** Per user: counts and the last 10 verdicts (~1.5 KB); expires SUMMARY_TTL after the last mail. */
    public static ValueStateDescriptor<UserMailSummary> summary() {
        ValueStateDescriptor<UserMailSummary> d = new ValueStateDescriptor<>("mail-summary", Types.POJO(UserMailSummary.class));
        d.enableTimeToLive(Ttl.afterLastWrite(SUMMARY_TTL));
        return d;
    }

    /** Per user and mail id: the delivered mail (~150 B); the oldest beyond the bound is evicted, all expire {@code age} after delivery. */
    public static MapStateDescriptor<String, RecentMail> recentMails(Duration age) {
        MapStateDescriptor<String, RecentMail> d = new MapStateDescriptor<>("recent-mails", Types.STRING, Types.POJO(RecentMail.class));
        d.enableTimeToLive(Ttl.afterLastWrite(age));
        return d;
    }

    /** Per user: arrival number → mail id, to evict the oldest mail past the bound; same lifetime as the mails. */
    public static MapStateDescriptor<Long, String> mailOrder(Duration age) {
        MapStateDescriptor<Long, String> d = new MapStateDescriptor<>("recent-mail-order", Types.LONG, Types.STRING);
        d.enableTimeToLive(Ttl.afterLastWrite(age));
        return d;
    }

    /** Per user: the next arrival number; lives as long as the user's mail does. */
    public static ValueStateDescriptor<Long> nextMailSeq(Duration age) {
        ValueStateDescriptor<Long> d = new ValueStateDescriptor<>("recent-mail-seq", Types.LONG);
        d.enableTimeToLive(Ttl.afterLastWrite(age));
        return d;
    }

    /** Per user and mail id: subject, body (cut to 4 KiB) and headers for training rows (~4.5 KB); expires {@code age} after delivery. */
    public static MapStateDescriptor<String, MailContent> mailTexts(Duration age) {
        MapStateDescriptor<String, MailContent> d = new MapStateDescriptor<>("recent-mail-texts", Types.STRING, Types.POJO(MailContent.class));
        d.enableTimeToLive(Ttl.afterLastWrite(age));
        return d;
    }

    /** Per user and rule id: the validated clicks so far; forgotten {@code age} after the last one. */
    public static MapStateDescriptor<String, RuleEvidence> ruleEvidence(Duration age) {
        MapStateDescriptor<String, RuleEvidence> d = new MapStateDescriptor<>("rule-evidence", Types.STRING, Types.POJO(RuleEvidence.class));
        d.enableTimeToLive(Ttl.afterLastWrite(age));
        return d;
    }

    /** Per user and rule id: the personal rules (≤ maxRules, stalest evicted); expired lazily at a lifetime, the TTL is the backstop. */
    public static MapStateDescriptor<String, MailRule> rules(Duration lifetime) {
        MapStateDescriptor<String, MailRule> d = new MapStateDescriptor<>("mail-rules", Types.STRING, Types.POJO(MailRule.class));
        d.enableTimeToLive(Ttl.afterLastWrite(lifetime.plusDays(1)));
        return d;
    }

    /** Per user: the "letters like this" rules with their signatures (≤ letterRules × ~300 B); same lifetime as the rules. */
    public static ValueStateDescriptor<LetterRules> letterRules(Duration lifetime) {
        ValueStateDescriptor<LetterRules> d = new ValueStateDescriptor<>("letter-rules", Types.POJO(LetterRules.class));
        d.enableTimeToLive(Ttl.afterLastWrite(lifetime.plusDays(1)));
        return d;
    }

    /** Per user: the click token bucket; a user who has not clicked for a day has a full one anyway. */
    public static ValueStateDescriptor<ClickBudget> clickBudget() {
        ValueStateDescriptor<ClickBudget> d = new ValueStateDescriptor<>("click-budget", Types.POJO(ClickBudget.class));
        d.enableTimeToLive(Ttl.afterLastWrite(Duration.ofDays(1)));
        return d;
    }

    /** Per user: set while the antibot's latest verdict says bot; expires the verdict TTL after it was set. */
    public static ValueStateDescriptor<Boolean> judgedBot(Duration ttl) {
        ValueStateDescriptor<Boolean> d = new ValueStateDescriptor<>("mail-judged-bot", Types.BOOLEAN);
        d.enableTimeToLive(Ttl.afterLastWrite(ttl));
        return d;
    }

    /** Per user and mail id: clicks that overtook their mail's verdict; each is settled at most the wait after it came. */
    public static MapStateDescriptor<String, EarlyClick> earlyClicks(Duration wait) {
        MapStateDescriptor<String, EarlyClick> d = new MapStateDescriptor<>("early-clicks", Types.STRING, Types.POJO(EarlyClick.class));
        d.enableTimeToLive(Ttl.afterLastWrite(wait.plusMinutes(10)));
        return d;
    }

    /** Per sender key and reporting user: the time of their last validated report (window-bounded, capped per key). */
    public static MapStateDescriptor<String, Long> reporters(String name, Duration window) {
        MapStateDescriptor<String, Long> d = new MapStateDescriptor<>(name, Types.STRING, Types.LONG);
        d.enableTimeToLive(Ttl.afterLastWrite(window.plusHours(1)));
        return d;
    }

    /** Per sender key: the reputation last announced; forgotten a window after the last report. */
    public static ValueStateDescriptor<SenderReputation> reputation(Duration window) {
        ValueStateDescriptor<SenderReputation> d = new ValueStateDescriptor<>("sender-reputation", Types.POJO(SenderReputation.class));
        d.enableTimeToLive(Ttl.afterLastWrite(window.plusHours(1)));
        return d;
    }

    /** Broadcast: sender key → bad reputation; an entry leaves when cleared or a window past its last report. */
    public static MapStateDescriptor<String, SenderReputation> badSenders() {
        return new MapStateDescriptor<>("bad-senders", Types.STRING, Types.POJO(SenderReputation.class));
    }
}
