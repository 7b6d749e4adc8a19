package com.streamlens.operators.antibot;

import static org.assertj.core.api.Assertions.assertThat;

import com.streamlens.state.records.BotSignal;
import com.streamlens.state.records.SignalEvent;
import com.streamlens.state.records.SignalEvent.Kind;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.ExecutionConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.cep.functions.PatternProcessFunction;
import org.apache.flink.cep.nfa.compiler.NFACompiler;
import org.apache.flink.cep.operator.CepOperator;
import org.apache.flink.cep.pattern.Pattern;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * Each CEP pattern matches where it should, stays quiet where it should not, and leaves no keyed state once its key goes
 * quiet (FLINK-23314 reported state left behind for short-lived keys; in Flink 2.2.1 event time, partial matches are
 * pruned at `within` and the key's state goes with them, which these tests pin down).
 */
class BotPatternsTest {
    private static final AntibotSettings.PatternSettings P = AntibotSettings.PatternSettings.defaults();
    private static final long T0 = 1_765_000_000_000L;

    private static KeyedOneInputStreamOperatorTestHarness<String, SignalEvent, BotSignal> harness(
            Pattern<SignalEvent, ?> pattern, PatternProcessFunction<SignalEvent, BotSignal> fn) throws Exception {
        var serializer = TypeInformation.of(SignalEvent.class).createSerializer(new ExecutionConfig().getSerializerConfig());
        // The operator CEP.pattern(keyed, pattern).process(fn) builds, as Flink's PatternStreamBuilder does (event time).
        var operator = new CepOperator<SignalEvent, String, BotSignal>(serializer, false, NFACompiler.compileFactory(pattern, false), null,
                pattern.getAfterMatchSkipStrategy(), fn, null);
        var h = new KeyedOneInputStreamOperatorTestHarness<>(operator, (SignalEvent e) -> e.key, Types.STRING);
        h.open();
        return h;
    }

    private static int n;

    private static void send(KeyedOneInputStreamOperatorTestHarness<String, SignalEvent, BotSignal> h, Kind kind, String key, long ts)
            throws Exception {
        SignalEvent e = SignalEvent.of("e" + (n++), kind, key, ts, "u-" + key, "203.0.113.7");
        h.processElement(new StreamRecord<>(e, ts));
    }

    private static List<BotSignal> signals(KeyedOneInputStreamOperatorTestHarness<String, SignalEvent, BotSignal> h) {
        return h.extractOutputValues();
    }

    @Test
    void pageViewBurstMatchesThirtyViewsInTenSecondsNotSlowerAndForgetsTheSession() throws Exception {
        var h = harness(BotPatterns.pageViewBurst(P), new ToBotSignal(BotPatterns.PAGEVIEW_BURST));
        for (int i = 0; i < 30; i++) send(h, Kind.PAGE_VIEW, "shop|fast", T0 + i * 300L);      // 30 views in 8.7 s
        for (int i = 0; i < 30; i++) send(h, Kind.PAGE_VIEW, "shop|human", T0 + i * 12_000L);  // one every 12 s
        h.processWatermark(T0 + 400_000);
        List<BotSignal> out = signals(h);
        assertThat(out).hasSize(1);
        assertThat(out.get(0).patternId).isEqualTo("pageview-burst");
        assertThat(out.get(0).key).isEqualTo("shop|fast");
        assertThat(out.get(0).eventIds).hasSize(30);
        assertThat(out.get(0).ts - out.get(0).firstTs).isEqualTo(29 * 300L);
        // Both sessions went quiet: past `within`, the operator holds nothing for them.
        h.processWatermark(T0 + 400_000 + P.burstWindow().toMillis() + 1);
        assertThat(h.numKeyedStateEntries()).isZero();
        h.close();
    }

    @Test
    void metronomeMatchesRegularGapsOnlyAndForgets() throws Exception {
        var h = harness(BotPatterns.metronome(P), ToBotSignal.metronome(P.metronomeCv()));
        for (int i = 0; i < 9; i++) send(h, Kind.PAGE_VIEW, "s|timer", T0 + i * 5_000L + (i % 2) * 150);  // 5 s ± 150 ms
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(7);
        long t = T0;
        for (int i = 0; i < 9; i++) {
            t += (long) (-Math.log(1 - rnd.nextDouble()) * 8_000) + 1;  // a person: exponential gaps, CV ≈ 1
            send(h, Kind.PAGE_VIEW, "s|person", t);
        }
        h.processWatermark(T0 + 100_000);
        List<BotSignal> out = signals(h);
        assertThat(out).extracting(s -> s.key).containsExactly("s|timer");
        assertThat(out.get(0).measure).isLessThan(0.15);
        h.processWatermark(T0 + 100_000 + P.metronomeWindow().toMillis() + 1);
        assertThat(h.numKeyedStateEntries()).isZero();
        h.close();
    }

    @Test
    void blindBuyMatchesACartBeforeAnyViewButNotAfterOne() throws Exception {
        var h = harness(BotPatterns.blindBuy(Duration.ofMinutes(30)), new ToBotSignal(BotPatterns.BLIND_BUY));
        SignalEvent blind = SignalEvent.of("b1", Kind.CART, "s|blind", T0, "u1", null);
        SignalEvent browsed = SignalEvent.of("b2", Kind.PURCHASE, "s|browsed", T0, "u2", null);
        browsed.viewsBefore = 3;
        h.processElement(new StreamRecord<>(blind, T0));
        h.processElement(new StreamRecord<>(browsed, T0));
        h.processWatermark(T0 + 1);
        assertThat(signals(h)).extracting(s -> s.eventIds).containsExactly(List.of("b1"));
        h.processWatermark(T0 + Duration.ofMinutes(31).toMillis());
        assertThat(h.numKeyedStateEntries()).isZero();
        h.close();
    }

    @Test
    void loginFailuresAndTakeoverPerAccountAndIp() throws Exception {
        var failures = harness(BotPatterns.loginFailures(P), new ToBotSignal(BotPatterns.LOGIN_FAILURES));
        var takeover = harness(BotPatterns.accountTakeover(P), new ToBotSignal(BotPatterns.ACCOUNT_TAKEOVER));
        for (var h : List.of(failures, takeover)) {
            for (int i = 0; i < 5; i++) send(h, Kind.LOGIN_FAILURE, "account:victim", T0 + i * 1_000L);
            send(h, Kind.LOGIN_SUCCESS, "account:victim", T0 + 6_000);
            // A person who mistypes twice, then gets in: neither pattern.
            send(h, Kind.LOGIN_FAILURE, "account:typo", T0);
            send(h, Kind.LOGIN_FAILURE, "account:typo", T0 + 5_000);
            send(h, Kind.LOGIN_SUCCESS, "account:typo", T0 + 9_000);
            // Five failures spread over an hour: slower than the 10-minute window.
            for (int i = 0; i < 5; i++) send(h, Kind.LOGIN_FAILURE, "account:slow", T0 + i * 900_000L);
            h.processWatermark(T0 + 5 * 900_000L);
        }
        assertThat(signals(failures)).extracting(s -> s.key).containsExactly("account:victim");
        assertThat(signals(failures).get(0).eventIds).hasSize(5);
        assertThat(signals(takeover)).extracting(s -> s.key).containsExactly("account:victim");
        assertThat(signals(takeover).get(0).eventIds).hasSize(6);
        for (var h : List.of(failures, takeover)) {
            h.processWatermark(T0 + 5 * 900_000L + P.loginWindow().toMillis() + 1);
            assertThat(h.numKeyedStateEntries()).isZero();
            h.close();
        }
    }

    @Test
    void registrationBurstPerNetwork() throws Exception {
        var h = harness(BotPatterns.registrationBurst(P), new ToBotSignal(BotPatterns.REGISTRATION_BURST));
        for (int i = 0; i < 10; i++) send(h, Kind.REGISTRATION, "net:198.51.100", T0 + i * 60_000L);
        for (int i = 0; i < 9; i++) send(h, Kind.REGISTRATION, "net:192.0.2", T0 + i * 60_000L);
        h.processWatermark(T0 + 3_600_000L);
        assertThat(signals(h)).extracting(s -> s.key).containsExactly("net:198.51.100");
        h.processWatermark(T0 + 2 * 3_600_000L + 1);
        assertThat(h.numKeyedStateEntries()).isZero();
        h.close();
    }
}
