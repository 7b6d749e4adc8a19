package com.streamlens.operators.mail.feedback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.streamlens.operators.mail.Senders;
import com.streamlens.state.records.ClickBudget;
import com.streamlens.state.records.MailRule;
import com.streamlens.state.records.RuleEvidence;
import org.junit.jupiter.api.Test;

/** The plain rules behind the mailbox: senders, evidence runs, flips, rule birth and the click budget. */
class PersonalRulesTest {
    static final MailboxSettings S = MailboxSettings.defaults();

    @Test
    void sendersAreBareLowerCaseAddresses() {
        assertThat(Senders.address("\"Shop News\" <News@Shop.Example>")).isEqualTo("news@shop.example");
        assertThat(Senders.address(" A@B.C ")).isEqualTo("a@b.c");
        assertThat(Senders.domain("news@shop.example")).isEqualTo("shop.example");
        assertThat(Senders.localPart("no-reply@shop.example")).isEqualTo("no-reply");
        assertThat(Senders.address(null)).isNull();
    }

    @Test
    void actionsMapToEffectsAndEvidence() {
        assertThat(PersonalRules.effectOf("phishing")).isEqualTo(MailRule.ALWAYS_SPAM);
        assertThat(PersonalRules.effectOf("not_spam")).isEqualTo(MailRule.NEVER_SPAM);
        assertThat(PersonalRules.effectOf("unsubscribe")).isEqualTo(MailRule.SKIP_INBOX);
        assertThatThrownBy(() -> PersonalRules.effectOf("like")).hasMessageContaining("not a feedback action");
        assertThat(PersonalRules.evidenceIds("spam", "a@shop.example", S)).containsExactly("sender:a@shop.example", "domain:shop.example");
        assertThat(PersonalRules.evidenceIds("spam", "a@mail.ru", S)).containsExactly("sender:a@mail.ru");
        assertThat(PersonalRules.evidenceIds("unsubscribe", "a@shop.example", S)).containsExactly("unsubscribe:a@shop.example");
    }

    @Test
    void aRunGrowsWithTheSameEffectAndRestartsWithAnother() {
        RuleEvidence e = PersonalRules.advance(null, MailRule.ALWAYS_SPAM, "m1", 10);
        e = PersonalRules.advance(e, MailRule.ALWAYS_SPAM, "m2", 20);
        assertThat(e.clicks).isEqualTo(2);
        assertThat(PersonalRules.ruleFrom("u", "sender:a@b.c", e, null, S)).isNotNull();
        assertThat(PersonalRules.ruleFrom("u", "domain:b.c", e, null, S)).as("a domain needs 3").isNull();
        RuleEvidence other = PersonalRules.advance(e, MailRule.NEVER_SPAM, "m3", 30);
        assertThat(other.clicks).isEqualTo(1);
        assertThat(other.effect).isEqualTo(MailRule.NEVER_SPAM);
        assertThat(PersonalRules.isFlip(e, MailRule.NEVER_SPAM, 30, S)).isTrue();
        assertThat(PersonalRules.isFlip(e, MailRule.NEVER_SPAM, 20 + S.flipWindow().toMillis(), S)).isFalse();
        assertThat(PersonalRules.isFlip(e, MailRule.SKIP_INBOX, 30, S)).isFalse();
    }

    @Test
    void aConsistentClickReinforcesAnExistingRuleAndAnOppositeRunReplacesIt() {
        RuleEvidence two = PersonalRules.advance(PersonalRules.advance(null, MailRule.ALWAYS_SPAM, "m1", 10), MailRule.ALWAYS_SPAM, "m2", 20);
        MailRule rule = PersonalRules.ruleFrom("u", "sender:a@b.c", two, null, S);
        RuleEvidence third = PersonalRules.advance(two, MailRule.ALWAYS_SPAM, "m3", 99);
        MailRule reinforced = PersonalRules.ruleFrom("u", "sender:a@b.c", third, rule, S);
        assertThat(reinforced.clicks).isEqualTo(3);
        assertThat(reinforced.createdAt).isEqualTo(20);
        assertThat(reinforced.reinforcedAt).isEqualTo(99);
        RuleEvidence one = PersonalRules.advance(third, MailRule.NEVER_SPAM, "m4", 200);
        assertThat(PersonalRules.ruleFrom("u", "sender:a@b.c", one, reinforced, S)).as("one opposite click does not replace it").isNull();
        MailRule replaced = PersonalRules.ruleFrom("u", "sender:a@b.c", PersonalRules.advance(one, MailRule.NEVER_SPAM, "m5", 300), reinforced, S);
        assertThat(replaced.effect).isEqualTo(MailRule.NEVER_SPAM);
    }

    @Test
    void theClickBudgetStartsFullEmptiesAndRefills() {
        MailboxSettings s = S.withClickBudget(2, 60);
        ClickBudget b = new ClickBudget();
        assertThat(PersonalRules.class).isNotNull();
        assertThat(ClickBudgets.take(b, 1_000, s)).isTrue();
        assertThat(ClickBudgets.take(b, 1_001, s)).isTrue();
        assertThat(ClickBudgets.take(b, 1_002, s)).isFalse();
        assertThat(ClickBudgets.take(b, 1_002 + 60_000, s)).as("one token a minute at 60/h").isTrue();
        assertThat(ClickBudgets.take(b, 1_002 + 60_001, s)).isFalse();
    }
}
