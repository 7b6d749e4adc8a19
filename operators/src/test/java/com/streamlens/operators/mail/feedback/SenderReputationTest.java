package com.streamlens.operators.mail.feedback;

import static org.assertj.core.api.Assertions.assertThat;

import com.streamlens.operators.mail.MailState;
import com.streamlens.operators.mail.Senders;
import com.streamlens.state.records.MailVerdict;
import com.streamlens.state.records.SenderReputation;
import com.streamlens.state.records.SpamFeedback;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithNonKeyedOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.TwoInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/** Global sender reputation: distinct validated reporters in a window, and the override it makes for everyone. */
class SenderReputationTest {
    static final long T0 = UserMailboxTest.T0;
    static final long H = 3_600_000L;
    static final MailboxSettings S = MailboxSettings.defaults().withReputation(Duration.ofHours(24), 3, 5, 0.8);

    static SpamFeedback feedback(String user, String from, String label, long ts) {
        SpamFeedback f = new SpamFeedback();
        f.userId = user;
        f.from = from;
        f.label = label;
        f.ts = ts;
        return f;
    }

    static KeyedOneInputStreamOperatorTestHarness<String, SenderReport, SenderReputation> tracker() throws Exception {
        var h = new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(new TrackSenderReputation(S)), (SenderReport r) -> r.key,
                Types.STRING);
        h.open();
        return h;
    }

    static void report(KeyedOneInputStreamOperatorTestHarness<String, SenderReport, SenderReputation> h, SpamFeedback f) throws Exception {
        for (SenderReport r : SenderReport.of(f, S)) h.processElement(new StreamRecord<>(r, r.ts));
    }

    @Test
    void reportsGoToTheAddressAndItsDomainButNotToAFreeMailDomainOrForAnUnsubscribe() {
        assertThat(SenderReport.of(feedback("u1", "a@shop.example", "spam", T0), S)).extracting(r -> r.key)
                .containsExactly("sender:a@shop.example", "domain:shop.example");
        assertThat(SenderReport.of(feedback("u1", "a@gmail.com", "spam", T0), S)).extracting(r -> r.key).containsExactly("sender:a@gmail.com");
        assertThat(SenderReport.of(feedback("u1", "a@shop.example", null, T0), S)).isEmpty();
    }

    @Test
    void distinctReportersWithinTheWindowMarkASenderBadAndVouchersLiftIt() throws Exception {
        var h = tracker();
        report(h, feedback("u1", "a@shop.example", "spam", T0));
        report(h, feedback("u1", "a@shop.example", "spam", T0 + 1)); // the same user again is still one reporter
        report(h, feedback("u2", "a@shop.example", "spam", T0 + 2));
        report(h, feedback("u3", "a@shop.example", "spam", T0 + 3));
        assertThat(h.extractOutputValues()).as("3/(3+0+1) = 0.75 is under the 0.8 score").isEmpty();
        report(h, feedback("u4", "a@shop.example", "spam", T0 + 4));
        assertThat(h.extractOutputValues()).singleElement().satisfies(r -> {
            assertThat(r.key).isEqualTo("sender:a@shop.example");
            assertThat(r.reporters).isEqualTo(4);
            assertThat(r.score).isEqualTo(0.8, org.assertj.core.data.Offset.offset(1e-9));
            assertThat(r.bad).isTrue();
            assertThat(r.until).isEqualTo(T0 + 4 + 24 * H);
        });
        // A user who vouches for the sender: 4/(4+1+1) < 0.8 lifts the mark, announced.
        report(h, feedback("u9", "a@shop.example", "ham", T0 + 5));
        SenderReputation lifted = h.extractOutputValues().get(1);
        assertThat(lifted.bad).isFalse();
        assertThat(lifted.vouchers).isEqualTo(1);
        assertThat(lifted.until).isEqualTo(T0 + 5);
    }

    @Test
    void aBadMarkIsExtendedByEachReportAndEndsAWindowAfterTheLast() throws Exception {
        var h = tracker();
        for (int u = 0; u < 5; u++) report(h, feedback("u" + u, "a@gmail.com", "spam", T0 + u));
        List<SenderReputation> out = h.extractOutputValues();
        assertThat(out).extracting(r -> r.until).containsExactly(T0 + 3 + 24 * H, T0 + 4 + 24 * H);
        assertThat(out).allSatisfy(r -> assertThat(r.bad).isTrue());
        // A day and more later the five have aged out; the mark has ended by its own time, nothing more to say.
        report(h, feedback("u9", "a@gmail.com", "spam", T0 + 25 * H));
        assertThat(h.extractOutputValues()).hasSize(2);
    }

    static MailVerdict verdict(String from, long ts, String decidedBy) {
        MailVerdict v = new MailVerdict();
        v.mailId = "m" + ts;
        v.userId = "u";
        v.from = from;
        v.ts = ts;
        v.verdict = MailVerdict.HAM;
        v.modelVerdict = MailVerdict.HAM;
        v.folder = MailVerdict.INBOX;
        v.decidedBy = decidedBy;
        return v;
    }

    @Test
    void aBadSenderOrDomainIsFiledAsSpamUntilItsMarkEndsUnlessAPersonalRuleDecided() throws Exception {
        var op = new CoBroadcastWithNonKeyedOperator<>(new ApplySenderReputation(), List.of(MailState.badSenders()));
        try (var h = new TwoInputStreamOperatorTestHarness<>(op)) {
            h.open();
            SenderReputation rep = new SenderReputation();
            rep.key = "domain:blast.example";
            rep.bad = true;
            rep.reporters = 40;
            rep.ts = T0;
            rep.until = T0 + 24 * H;
            h.processElement2(new StreamRecord<>(rep, T0));
            h.processElement1(new StreamRecord<>(verdict("x@blast.example", T0 + H, MailVerdict.BY_MODEL), T0));
            h.processElement1(new StreamRecord<>(verdict("y@blast.example", T0 + H, MailVerdict.BY_RULE), T0));
            h.processElement1(new StreamRecord<>(verdict("x@blast.example", T0 + 25 * H, MailVerdict.BY_MODEL), T0));
            h.processElement1(new StreamRecord<>(verdict("x@other.example", T0 + H, MailVerdict.BY_MODEL), T0));
            List<MailVerdict> out = h.extractOutputValues();
            assertThat(out).extracting(v -> v.verdict + "/" + v.decidedBy).containsExactly(
                    "spam/reputation", "ham/rule", "ham/model", "ham/model");
            assertThat(out.get(0).rule).isEqualTo("domain:blast.example");
            assertThat(Senders.domain(out.get(0).from)).isEqualTo("blast.example");
        }
    }
}
