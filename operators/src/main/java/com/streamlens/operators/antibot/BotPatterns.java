package com.streamlens.operators.antibot;

import com.streamlens.state.records.SignalEvent;
import com.streamlens.state.records.SignalEvent.Kind;
import java.time.Duration;
import org.apache.flink.cep.nfa.aftermatch.AfterMatchSkipStrategy;
import org.apache.flink.cep.pattern.Pattern;
import org.apache.flink.cep.pattern.conditions.SimpleCondition;

/**
 * The antibot's Flink CEP patterns, each with a stable id (the {@code pattern_id} of {@code bot-signals}). Every pattern
 * ends its partial matches with {@code within}, and skips past a match's last event so one long burst is a few matches,
 * not one per event.
 */
public final class BotPatterns {
    /** (a) ≥ N failed logins within T, per account and per IP. */
    public static final String LOGIN_FAILURES = "login-failures";
    /** (a) the same, followed by a success within T: the account may be taken over. */
    public static final String ACCOUNT_TAKEOVER = "account-takeover";
    /** (b) ≥ N registrations within T from one IPv4 /24 (IPv6 /48). */
    public static final String REGISTRATION_BURST = "registration-burst";
    /** (c) ≥ N page views within S in one session. */
    public static final String PAGEVIEW_BURST = "pageview-burst";
    /** (d) K page-view gaps in a row with a coefficient of variation below c. */
    public static final String METRONOME = "metronome";
    /** (e) a cart or purchase with no page view earlier in its session. */
    public static final String BLIND_BUY = "blind-buy";

    /** The session patterns, in the order of their counts in the session features. */
    public static final String[] SESSION_PATTERNS = {PAGEVIEW_BURST, METRONOME, BLIND_BUY};

    private BotPatterns() {}

    public static Pattern<SignalEvent, ?> loginFailures(AntibotSettings.PatternSettings s) {
        return Pattern.<SignalEvent>begin("failures", AfterMatchSkipStrategy.skipPastLastEvent()).where(is(Kind.LOGIN_FAILURE))
                .times(s.loginFailures()).within(s.loginWindow());
    }

    public static Pattern<SignalEvent, ?> accountTakeover(AntibotSettings.PatternSettings s) {
        return Pattern.<SignalEvent>begin("failures", AfterMatchSkipStrategy.skipPastLastEvent()).where(is(Kind.LOGIN_FAILURE))
                .times(s.loginFailures())
                .followedBy("success").where(is(Kind.LOGIN_SUCCESS))
                .within(s.loginWindow());
    }

    public static Pattern<SignalEvent, ?> registrationBurst(AntibotSettings.PatternSettings s) {
        return Pattern.<SignalEvent>begin("registrations", AfterMatchSkipStrategy.skipPastLastEvent()).where(is(Kind.REGISTRATION))
                .times(s.registrations()).within(s.registrationWindow());
    }

    public static Pattern<SignalEvent, ?> pageViewBurst(AntibotSettings.PatternSettings s) {
        return Pattern.<SignalEvent>begin("views", AfterMatchSkipStrategy.skipPastLastEvent()).where(is(Kind.PAGE_VIEW))
                .times(s.burstViews()).within(s.burstWindow());
    }

    /**
     * K + 1 consecutive page views; {@link ToBotSignal#metronome} keeps the matches whose gaps' CV is below c. A match
     * that is not regular enough consumes its views too, so the test runs on disjoint blocks of K gaps.
     */
    public static Pattern<SignalEvent, ?> metronome(AntibotSettings.PatternSettings s) {
        return Pattern.<SignalEvent>begin("views", AfterMatchSkipStrategy.skipPastLastEvent()).where(is(Kind.PAGE_VIEW))
                .times(s.metronomeGaps() + 1).consecutive().within(s.metronomeWindow());
    }

    /**
     * A pattern cannot begin with an absence ({@code notFollowedBy} may not start a pattern), so the session tracker counts
     * the views before each event and the pattern reads that count.
     */
    public static Pattern<SignalEvent, ?> blindBuy(Duration sessionGap) {
        return Pattern.<SignalEvent>begin("buy").where(SimpleCondition.of(
                        e -> (e.kind == Kind.CART || e.kind == Kind.PURCHASE) && e.viewsBefore == 0))
                .within(sessionGap);
    }

    private static SimpleCondition<SignalEvent> is(Kind kind) {
        return SimpleCondition.of(e -> e.kind == kind);
    }
}
