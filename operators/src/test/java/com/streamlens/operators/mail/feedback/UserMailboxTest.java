package com.streamlens.operators.mail.feedback;

import static org.assertj.core.api.Assertions.assertThat;

import com.streamlens.operators.mail.MailState;
import com.streamlens.operators.mail.MailboxInput;
import com.streamlens.state.events.MailEvent;
import com.streamlens.state.events.MailType;
import com.streamlens.state.records.BotVerdict;
import com.streamlens.state.records.FeedbackRejection;
import com.streamlens.state.records.MailRule;
import com.streamlens.state.records.MailVerdict;
import com.streamlens.state.records.RecentMail;
import com.streamlens.state.records.SpamFeedback;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.util.OutputTag;
import org.junit.jupiter.api.Test;

/** The user's mailbox in Flink's operator harness: every rejection reason, rules' birth, override, expiry and bound. */
class UserMailboxTest {
    static final long T0 = 1_765_000_000_000L;
    static final long MIN = 60_000L;
    static final MailboxSettings S = MailboxSettings.defaults();
    private static int n;

    static KeyedOneInputStreamOperatorTestHarness<String, MailboxInput, MailVerdict> harness(MailboxSettings s) throws Exception {
        var h = new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(new UserMailbox(s)), MailboxInput::userId, Types.STRING);
        h.open();
        return h;
    }

    /** A mail the model scored (ham unless {@code spam}), delivered to {@code user}. */
    static MailboxInput mail(String user, String mailId, String from, boolean spam, long ts) {
        MailEvent m = new MailEvent();
        m.schema = 1;
        m.eventId = "e" + (n++);
        m.type = MailType.MAIL_RECEIVED;
        m.userId = user;
        m.ts = ts;
        m.mailId = mailId;
        m.from = from;
        m.subject = "Subject of " + mailId;
        m.body = "Body of " + mailId;
        m.headers = Map.of("x-mailer", "Test 1");
        MailVerdict v = new MailVerdict();
        v.mailId = mailId;
        v.userId = user;
        v.eventId = m.eventId;
        v.ts = ts;
        v.from = from;
        v.spamProbability = spam ? 0.9 : 0.1;
        v.modelVerdict = spam ? MailVerdict.SPAM : MailVerdict.HAM;
        v.verdict = v.modelVerdict;
        v.folder = spam ? MailVerdict.SPAM_FOLDER : MailVerdict.INBOX;
        v.decidedBy = MailVerdict.BY_MODEL;
        v.modelVersion = "v1";
        v.category = "bulk";
        return MailboxInput.scored(m, v);
    }

    static MailboxInput click(String user, String mailId, String action, long ts) {
        MailEvent e = new MailEvent();
        e.schema = 1;
        e.eventId = "c" + (n++);
        e.type = MailType.FEEDBACK;
        e.userId = user;
        e.ts = ts;
        e.mailId = mailId;
        e.action = action;
        return MailboxInput.click(e);
    }

    static void send(KeyedOneInputStreamOperatorTestHarness<String, MailboxInput, MailVerdict> h, MailboxInput in) throws Exception {
        h.processElement(new StreamRecord<>(in, in.bot != null ? in.bot.ts : in.event.ts));
    }

    static <T> List<T> side(KeyedOneInputStreamOperatorTestHarness<String, MailboxInput, MailVerdict> h, OutputTag<T> tag) {
        List<T> out = new ArrayList<>();
        var q = h.getSideOutput(tag);
        if (q != null) q.forEach(r -> out.add(r.getValue()));
        return out;
    }

    static List<String> reasons(KeyedOneInputStreamOperatorTestHarness<String, MailboxInput, MailVerdict> h) {
        return side(h, UserMailbox.REJECTED).stream().map(r -> r.reason).toList();
    }

    static List<MailRule> senderRules(KeyedOneInputStreamOperatorTestHarness<String, MailboxInput, MailVerdict> h) {
        return side(h, UserMailbox.RULE_CHANGES).stream().filter(r -> !r.kind.equals(MailRule.LETTER)).toList();
    }

    static MailVerdict last(KeyedOneInputStreamOperatorTestHarness<String, MailboxInput, MailVerdict> h) {
        List<MailVerdict> out = h.extractOutputValues();
        return out.get(out.size() - 1);
    }

    @Test
    void twoSpamClicksOnASenderMakeARuleThatFilesItsNextMailAsSpam() throws Exception {
        var h = harness(S);
        send(h, mail("u1", "m1", "promo@deals.example", false, T0));
        send(h, mail("u1", "m2", "promo@deals.example", false, T0 + MIN));
        send(h, click("u1", "m1", "spam", T0 + 2 * MIN));
        assertThat(senderRules(h)).as("one click is not yet a rule (K = 2)").isEmpty();
        send(h, click("u1", "m2", "spam", T0 + 3 * MIN));
        List<MailRule> rules = senderRules(h);
        assertThat(rules).singleElement().satisfies(r -> {
            assertThat(r.ruleId).isEqualTo("sender:promo@deals.example");
            assertThat(r.effect).isEqualTo(MailRule.ALWAYS_SPAM);
            assertThat(r.clicks).isEqualTo(2);
            assertThat(r.deletesKey()).isFalse();
        });
        List<SpamFeedback> validated = side(h, UserMailbox.VALIDATED);
        assertThat(validated).extracting(f -> f.mailId + ":" + f.label).containsExactly("m1:spam", "m2:spam");
        assertThat(validated.get(0).subject).isEqualTo("Subject of m1");
        assertThat(validated.get(0).headers).containsEntry("x-mailer", "Test 1");
        assertThat(validated.get(0).modelVerdict).isEqualTo(MailVerdict.HAM);

        send(h, mail("u1", "m3", "promo@deals.example", false, T0 + 10 * MIN));
        MailVerdict v = last(h);
        assertThat(v.verdict).isEqualTo(MailVerdict.SPAM);
        assertThat(v.modelVerdict).isEqualTo(MailVerdict.HAM);
        assertThat(v.decidedBy).isEqualTo(MailVerdict.BY_RULE);
        assertThat(v.rule).isEqualTo("sender:promo@deals.example");
        assertThat(v.folder).isEqualTo(MailVerdict.SPAM_FOLDER);
        // Another user is not touched by u1's rule.
        send(h, mail("u2", "m4", "promo@deals.example", false, T0 + 10 * MIN));
        assertThat(last(h).decidedBy).isEqualTo(MailVerdict.BY_MODEL);
    }

    @Test
    void aDomainRuleNeedsThreeClicksAcrossItsAddressesAndNeverForFreeMail() throws Exception {
        var h = harness(S);
        String[] senders = {"a@shop.example", "b@shop.example", "c@shop.example", "x@gmail.com", "y@gmail.com", "z@gmail.com"};
        for (int i = 0; i < senders.length; i++) send(h, mail("u1", "m" + i, senders[i], true, T0 + i));
        for (int i = 0; i < senders.length; i++) send(h, click("u1", "m" + i, "not_spam", T0 + MIN + i));
        assertThat(side(h, UserMailbox.RULE_CHANGES)).extracting(r -> r.ruleId + "=" + r.effect)
                .containsExactly("domain:shop.example=never_spam");
        send(h, mail("u1", "m9", "d@shop.example", true, T0 + 5 * MIN));
        assertThat(last(h).verdict).isEqualTo(MailVerdict.HAM);
        assertThat(last(h).rule).isEqualTo("domain:shop.example");
        send(h, mail("u1", "m10", "w@gmail.com", true, T0 + 5 * MIN));
        assertThat(last(h).decidedBy).isEqualTo(MailVerdict.BY_MODEL);
    }

    @Test
    void anUnsubscribeRuleMovesTheSendersBulkMailOutOfTheInbox() throws Exception {
        var h = harness(S);
        send(h, mail("u1", "m1", "news@shop.example", false, T0));
        send(h, click("u1", "m1", "unsubscribe", T0 + MIN));
        assertThat(side(h, UserMailbox.RULE_CHANGES)).extracting(r -> r.ruleId + "=" + r.effect)
                .containsExactly("unsubscribe:news@shop.example=skip_inbox");
        assertThat(side(h, UserMailbox.VALIDATED)).singleElement().satisfies(f -> assertThat(f.label).as("no spam label").isNull());
        send(h, mail("u1", "m2", "news@shop.example", false, T0 + 2 * MIN));
        assertThat(last(h).folder).isEqualTo(MailVerdict.SKIPPED);
        assertThat(last(h).verdict).isEqualTo(MailVerdict.HAM);
        MailboxInput personal = mail("u1", "m3", "news@shop.example", false, T0 + 3 * MIN);
        personal.verdict.category = "personal";
        send(h, personal);
        assertThat(last(h).folder).as("a personal letter from the sender still reaches the inbox").isEqualTo(MailVerdict.INBOX);
    }

    @Test
    void rejectsClicksOnMailsNeverDeliveredAfterTheWait() throws Exception {
        var h = harness(S);
        h.setProcessingTime(1_000);
        send(h, click("u1", "ghost", "spam", T0));
        assertThat(reasons(h)).as("waits for a verdict that may be on its way").isEmpty();
        assertThat(h.numProcessingTimeTimers()).isEqualTo(1);
        h.setProcessingTime(1_000 + S.earlyClickWait().toMillis());
        assertThat(reasons(h)).containsExactly(FeedbackRejection.UNKNOWN_MAIL);
        assertThat(side(h, UserMailbox.REJECTED).get(0).detail).contains("ghost");
    }

    @Test
    void aClickThatOvertookItsMailIsValidatedWhenTheMailArrives() throws Exception {
        var h = harness(S);
        h.setProcessingTime(1_000);
        send(h, click("u1", "m1", "spam", T0 + MIN));
        send(h, mail("u1", "m1", "promo@deals.example", false, T0));
        assertThat(side(h, UserMailbox.VALIDATED)).extracting(f -> f.mailId).containsExactly("m1");
        h.setProcessingTime(1_000 + S.earlyClickWait().toMillis());
        assertThat(reasons(h)).isEmpty();
    }

    @Test
    void rejectsClicksOfAccountsTheAntibotJudgedBots() throws Exception {
        var h = harness(S);
        send(h, mail("u1", "m1", "a@shop.example", false, T0));
        BotVerdict bot = new BotVerdict();
        bot.userId = "u1";
        bot.verdict = BotVerdict.BOT;
        bot.stage = BotVerdict.SIGNAL;
        bot.ts = T0;
        send(h, MailboxInput.account(bot));
        send(h, click("u1", "m1", "spam", T0 + MIN));
        assertThat(reasons(h)).containsExactly(FeedbackRejection.BOT);
        BotVerdict human = new BotVerdict();
        human.userId = "u1";
        human.verdict = BotVerdict.HUMAN;
        human.ts = T0 + 2 * MIN;
        send(h, MailboxInput.account(human));
        send(h, click("u1", "m1", "spam", T0 + 3 * MIN));
        assertThat(side(h, UserMailbox.VALIDATED)).hasSize(1);
    }

    @Test
    void rejectsABurstBeyondTheClickBudgetAndRefillsItOverTime() throws Exception {
        var h = harness(S.withClickBudget(3, 60));
        for (int i = 0; i < 5; i++) send(h, mail("u1", "m" + i, "s" + i + "@x.example", false, T0));
        for (int i = 0; i < 5; i++) send(h, click("u1", "m" + i, "spam", T0 + 1_000 + i));
        assertThat(reasons(h)).containsExactly(FeedbackRejection.RATE_LIMITED, FeedbackRejection.RATE_LIMITED);
        send(h, click("u1", "m4", "spam", T0 + 1_000 + 2 * MIN)); // two tokens back after two minutes at 60/h
        assertThat(side(h, UserMailbox.VALIDATED)).hasSize(4);
    }

    @Test
    void rejectsAFlipOnTheSameSenderAndARepeatedClickButTakesAChangeOfMindLater() throws Exception {
        var h = harness(S);
        send(h, mail("u1", "m1", "a@shop.example", false, T0));
        send(h, mail("u1", "m2", "a@shop.example", false, T0));
        send(h, click("u1", "m1", "spam", T0 + MIN));
        send(h, click("u1", "m1", "spam", T0 + 2 * MIN));
        send(h, click("u1", "m2", "not_spam", T0 + 3 * MIN));
        assertThat(reasons(h)).containsExactly(FeedbackRejection.DUPLICATE, FeedbackRejection.FLIP);
        send(h, click("u1", "m2", "not_spam", T0 + S.flipWindow().toMillis() + 2 * MIN));
        assertThat(side(h, UserMailbox.VALIDATED)).extracting(f -> f.label).containsExactly("spam", "ham");
    }

    @Test
    void aRuleExpiresALifetimeAfterItsLastReinforcementAndIsAnnounced() throws Exception {
        var h = harness(S);
        send(h, mail("u1", "m1", "promo@deals.example", false, T0));
        send(h, mail("u1", "m2", "promo@deals.example", false, T0));
        send(h, click("u1", "m1", "spam", T0 + MIN));
        send(h, click("u1", "m2", "spam", T0 + 2 * MIN));
        long expiry = T0 + 2 * MIN + S.ruleLifetime().toMillis();
        send(h, mail("u1", "m3", "promo@deals.example", false, expiry - 1));
        assertThat(last(h).decidedBy).isEqualTo(MailVerdict.BY_RULE);
        send(h, mail("u1", "m4", "promo@deals.example", false, expiry));
        assertThat(last(h).decidedBy).isEqualTo(MailVerdict.BY_MODEL);
        List<MailRule> changes = side(h, UserMailbox.RULE_CHANGES);
        assertThat(changes.get(changes.size() - 1).removedBecause).isEqualTo("expired");
        assertThat(changes.get(changes.size() - 1).deletesKey()).isTrue();
        assertThat(rules(h, "u1")).isEmpty();
    }

    @Test
    void keepsAtMostMaxRulesEvictingTheStalest() throws Exception {
        var h = harness(S.withRuleClicks(1, 3, 1).withBounds(1_000, 2, Duration.ofDays(180)).withLetterRules(0, 0.5));
        for (int i = 0; i < 3; i++) {
            send(h, mail("u1", "m" + i, "s" + i + "@x" + i + ".example", false, T0 + i));
            send(h, click("u1", "m" + i, "spam", T0 + MIN * (i + 1)));
        }
        assertThat(rules(h, "u1")).containsOnlyKeys("sender:s1@x1.example", "sender:s2@x2.example");
        List<MailRule> changes = side(h, UserMailbox.RULE_CHANGES);
        assertThat(changes).filteredOn(MailRule::deletesKey).singleElement().satisfies(r -> {
            assertThat(r.ruleId).isEqualTo("sender:s0@x0.example");
            assertThat(r.removedBecause).isEqualTo("evicted");
        });
    }

    static final String INVOICE = "Dear customer, the invoice for your recent order is attached to this message. Please review the "
            + "document at the secure portal before Friday, otherwise a late fee of 40 dollars applies to account ";

    @Test
    void oneSpamClickMakesALetterRuleThatCatchesLettersLikeItFromOtherSendersOnly() throws Exception {
        var h = harness(S);
        MailboxInput reported = mail("u1", "m1", "billing@pay-one.example", false, T0);
        reported.event.body = INVOICE + "7781.";
        send(h, reported);
        send(h, click("u1", "m1", "spam", T0 + MIN));
        assertThat(side(h, UserMailbox.RULE_CHANGES)).singleElement().satisfies(r -> {
            assertThat(r.ruleId).isEqualTo("letter:m1");
            assertThat(r.kind).isEqualTo(MailRule.LETTER);
            assertThat(r.target).isEqualTo("Subject of m1");
        });
        MailboxInput like = mail("u1", "m2", "accounts@other-host.example", false, T0 + 5 * MIN);
        like.event.body = INVOICE + "9902.";
        send(h, like);
        assertThat(last(h).verdict).isEqualTo(MailVerdict.SPAM);
        assertThat(last(h).rule).isEqualTo("letter:m1");
        MailboxInput unlike = mail("u1", "m3", "accounts@other-host.example", false, T0 + 6 * MIN);
        unlike.event.body = "Hi, are we still on for lunch on Thursday? I booked the table by the window for the two of us.";
        send(h, unlike);
        assertThat(last(h).decidedBy).isEqualTo(MailVerdict.BY_MODEL);
        // A second report of a letter like it reinforces the same rule instead of adding one.
        send(h, click("u1", "m2", "spam", T0 + 7 * MIN));
        List<MailRule> changes = side(h, UserMailbox.RULE_CHANGES);
        assertThat(changes.get(changes.size() - 1).ruleId).isEqualTo("letter:m1");
        assertThat(changes.get(changes.size() - 1).clicks).isEqualTo(2);
    }

    @Test
    void keepsAtMostTheLetterBoundEvictingTheStalestLetter() throws Exception {
        var h = harness(S.withLetterRules(2, 0.5));
        String[] bodies = {"the first completely different letter about gardening tools and seeds",
                "a second message on the subject of train timetables in winter", "third note regarding the chess club meeting agenda"};
        for (int i = 0; i < 3; i++) {
            MailboxInput m = mail("u1", "m" + i, "s" + i + "@gmail.com", false, T0 + i);
            m.event.body = bodies[i];
            send(h, m);
            send(h, click("u1", "m" + i, "spam", T0 + MIN * (i + 1)));
        }
        assertThat(side(h, UserMailbox.RULE_CHANGES)).filteredOn(MailRule::deletesKey).singleElement().satisfies(r -> {
            assertThat(r.ruleId).isEqualTo("letter:m0");
            assertThat(r.removedBecause).isEqualTo("evicted");
        });
    }

    @Test
    void remembersAtMostRecentMailsPerUserDroppingTheOldest() throws Exception {
        var h = harness(S.withBounds(3, 200, Duration.ofDays(180)));
        for (int i = 0; i < 5; i++) send(h, mail("u1", "m" + i, "a@b.example", false, T0 + i));
        assertThat(recentMails(h, "u1")).containsOnlyKeys("m2", "m3", "m4");
        h.setProcessingTime(1);
        send(h, click("u1", "m0", "spam", T0 + MIN));
        h.setProcessingTime(1 + S.earlyClickWait().toMillis());
        assertThat(reasons(h)).containsExactly(FeedbackRejection.UNKNOWN_MAIL);
    }

    static Map<String, MailRule> rules(KeyedOneInputStreamOperatorTestHarness<String, MailboxInput, MailVerdict> h, String user) throws Exception {
        return mapState(h, user, MailState.rules(S.ruleLifetime()));
    }

    static Map<String, RecentMail> recentMails(KeyedOneInputStreamOperatorTestHarness<String, MailboxInput, MailVerdict> h, String user) throws Exception {
        return mapState(h, user, MailState.recentMails(S.recentMailAge()));
    }

    static <V> Map<String, V> mapState(KeyedOneInputStreamOperatorTestHarness<String, MailboxInput, MailVerdict> h, String user,
                                       MapStateDescriptor<String, V> d) throws Exception {
        var backend = h.getOperator().getKeyedStateBackend();
        backend.setCurrentKey(user);
        MapState<String, V> state = backend.getPartitionedState(VoidNamespace.INSTANCE, VoidNamespaceSerializer.INSTANCE, d);
        Map<String, V> out = new java.util.HashMap<>();
        for (var e : state.entries()) out.put(e.getKey(), e.getValue());
        return out;
    }
}
