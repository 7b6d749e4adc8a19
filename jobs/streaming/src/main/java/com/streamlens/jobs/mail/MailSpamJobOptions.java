package com.streamlens.jobs.mail;

import com.streamlens.jobs.common.Args;
import com.streamlens.jobs.common.BotFilter;
import com.streamlens.jobs.common.CommonOptions;
import com.streamlens.jobs.common.ModelRollouts;
import com.streamlens.operators.mail.feedback.MailboxSettings;
import com.streamlens.operators.mail.spam.SpamScorer;
import java.io.Serializable;
import java.time.Duration;
import org.apache.flink.util.ParameterTool;

/** The mail job's arguments. */
public record MailSpamJobOptions(CommonOptions common, String modelLocation, String categoryModelLocation, SpamScorer.Pass scoring,
                                 int maxBatch, long maxWaitMs,
                                 long redisTtlSeconds, BotFilter.Options bots, MailboxSettings mailbox, ModelRollouts.Options rollouts)
        implements Serializable {

    public static final String JOB_NAME = "streamlens-mail-spam";

    public static final String USAGE = "MailSpamJob: inline spam scoring of received mails, validated feedback, personal rules, sender reputation\n"
            + CommonOptions.USAGE + """
              --model DIR|URI              spam model artefact: a directory (scripts/train-spam writes models/spam-model-*)
                                           or the URI of one (http(s)://, file://, s3:// with Flink's S3 plugin, ...)
                                           that every task manager can read; serves until a rollout of a
                                           model published as "spam" completes (scripts/model)
              --category-model DIR|URI     mail category model (scripts/train-mail-categories writes
                                           models/mail-categories-*): mails the spam model passes get a category;
                                           without it they get none
              --scoring sparse|dense       first layer as a sum of weight rows (CPU, default) or the network's dense
                                           forward pass (for a -Pcuda build, where the GPU runs it)
              --batch N                    micro-batch size (default 256)
              --batch-wait-ms N            longest a mail waits for its batch (default 20)
              --redis-ttl-seconds N        TTL of mail:user:* hashes (default 2592000)
              --drop-bots true|false       reject the feedback clicks of accounts the antibot judged bots (reads
                                           bot-verdicts; default true)
              --bot-verdict-ttl-seconds N  how long a bot verdict keeps an account's clicks out (default 86400)
              --rule-sender-clicks K       consistent validated clicks on an address before it gets a rule (default 2)
              --rule-domain-clicks K       ... on a domain, outside free-mail domains (default 3)
              --rule-unsubscribe-clicks K  unsubscribe clicks before a sender's bulk mail skips the inbox (default 1)
              --rule-lifetime-days N       a rule expires this long after its last reinforcing click (default 180)
              --max-rules N                rules per user, the stalest evicted first (default 200)
              --letter-rules N             of those, "letters like this" rules, one per validated spam click on a new
                                           kind of letter (default 20; 0: none)
              --letter-similarity X        least estimated Jaccard similarity of word trigrams with a reported letter
                                           (default 0.5)
              --recent-mails N             delivered mails remembered per user to validate clicks (default 1000, 30 days)
              --early-click-wait-ms N      how long a click waits for its mail's verdict before it is an unknown mail
                                           (default 60000)
              --click-burst N              clicks a user may make at once (default 20)
              --clicks-per-hour N          sustained clicks per user and hour (default 60)
              --reputation-users N         distinct validated reporters that make an address bad for everyone (default 10)
              --reputation-domain-users N  ... that make a domain bad (default 30)
              --reputation-window-hours N  the reporters' window and how long a bad mark holds after the last (default 24)
              --reputation-score X         least share of reports among reports and not-spam clicks (default 0.8)
            """ + ModelRollouts.USAGE;

    public static MailSpamJobOptions fromArgs(String[] args) {
        ParameterTool p = ParameterTool.fromArgs(args);
        String model = p.get("model");
        if (model == null || model.isBlank()) throw new IllegalArgumentException("--model DIR|URI is required (run scripts/train-spam)");
        BotFilter.Options bots = BotFilter.Options.from(p);
        MailboxSettings d = MailboxSettings.defaults();
        MailboxSettings mailbox = new MailboxSettings(
                Args.intIn(p, "recent-mails", d.recentMails(), 1, 100_000), d.recentMailAge(), d.textAge(),
                Args.intIn(p, "click-burst", d.clickBurst(), 1, 10_000), Args.doubleIn(p, "clicks-per-hour", d.clicksPerHour(), 0.01, 1e6),
                d.flipWindow(),
                Args.intIn(p, "rule-sender-clicks", d.senderClicks(), 1, 1_000), Args.intIn(p, "rule-domain-clicks", d.domainClicks(), 1, 1_000),
                Args.intIn(p, "rule-unsubscribe-clicks", d.unsubscribeClicks(), 1, 1_000),
                Duration.ofDays(Args.longIn(p, "rule-lifetime-days", d.ruleLifetime().toDays(), 1, 3_650)),
                Args.intIn(p, "max-rules", d.maxRules(), 2, 100_000), Args.intIn(p, "letter-rules", d.letterRules(), 0, 1_000),
                Args.doubleIn(p, "letter-similarity", d.letterSimilarity(), 0.05, 1),
                Duration.ofMillis(Args.longIn(p, "early-click-wait-ms", d.earlyClickWait().toMillis(), 1, 3_600_000)), d.sharedDomains(),
                Duration.ofHours(Args.longIn(p, "reputation-window-hours", d.reputationWindow().toHours(), 1, 24L * 365)),
                Args.intIn(p, "reputation-users", d.reputationUsers(), 1, 1_000), Args.intIn(p, "reputation-domain-users", d.domainReputationUsers(), 1, 1_000),
                Args.doubleIn(p, "reputation-score", d.reputationScore(), 0, 1), bots.ttl());
        return new MailSpamJobOptions(
                CommonOptions.from(p, JOB_NAME),
                model,
                p.has("category-model") && !p.get("category-model", "").isBlank() ? p.get("category-model") : null,
                Args.oneOf(p, "scoring", "sparse", SpamScorer.Pass.class),
                Args.intIn(p, "batch", 256, 1, 65_536),
                Args.longIn(p, "batch-wait-ms", 20, 1, 60_000),
                Args.longIn(p, "redis-ttl-seconds", 30L * 86_400, 1, 90L * 86_400),
                bots, mailbox, ModelRollouts.Options.from(p));
    }
}
