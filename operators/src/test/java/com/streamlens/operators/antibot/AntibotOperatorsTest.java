package com.streamlens.operators.antibot;

import static org.assertj.core.api.Assertions.assertThat;

import com.streamlens.state.events.ClickEvent;
import com.streamlens.state.events.ClickType;
import com.streamlens.state.records.BotVerdict;
import com.streamlens.state.records.SessionActivity;
import com.streamlens.state.records.SessionCase;
import com.streamlens.state.records.SignalEvent;
import java.util.List;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/** The session tracker's timers and state, the judge, and the downstream filter, in operator harnesses. */
class AntibotOperatorsTest {
    static final long T0 = 1_765_000_000_000L + 12 * 3_600_000L; // noon UTC
    private static final AntibotSettings S = AntibotSettings.defaults();
    private static final long GAP = S.sessionGap().toMillis();
    private static int n;

    static ClickEvent click(ClickType type, String user, String session, long ts) {
        ClickEvent e = new ClickEvent();
        e.schema = 1;
        e.eventId = "e" + (n++);
        e.type = type;
        e.siteId = "shop-1";
        e.userId = user;
        e.sessionId = session;
        e.ts = ts;
        e.ip = "203.0.113.9";
        if (type == ClickType.PAGE_VIEW) {
            e.url = "https://shop-1.example/item/" + (n % 7);
            e.itemId = "i" + (n % 7);
        }
        if (type == ClickType.ADD_TO_CART || type == ClickType.PURCHASE) e.itemId = "i1";
        return e;
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, ClickEvent, SessionCase> tracker() throws Exception {
        var h = new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(new TrackSessions(S)), TrackSessions::keyOf, Types.STRING);
        h.open();
        return h;
    }

    private static SessionActivity activity(KeyedOneInputStreamOperatorTestHarness<String, ClickEvent, SessionCase> h, String key) throws Exception {
        var backend = h.getOperator().getKeyedStateBackend();
        backend.setCurrentKey(key);
        return backend.getPartitionedState(VoidNamespace.INSTANCE, VoidNamespaceSerializer.INSTANCE,
                new ValueStateDescriptor<>("session-activity", SessionActivity.class)).value();
    }

    @Test
    void scoresEarlyAfterTenEventsAndFinallyAGapAfterTheLastWithOneLazyTimer() throws Exception {
        var h = tracker();
        for (int i = 0; i < 12; i++) h.processElement(new StreamRecord<>(click(ClickType.PAGE_VIEW, "u1", "s1", T0 + i * 20_000L), T0 + i * 20_000L));
        List<SessionCase> out = h.extractOutputValues();
        assertThat(out).hasSize(1);
        assertThat(out.get(0).fast.stage).isEqualTo(BotVerdict.EARLY);
        assertThat(Math.expm1(out.get(0).features[SessionFeatures.LOG_EVENTS])).isCloseTo(10, org.assertj.core.data.Offset.offset(1e-4));
        // One timer, set at the first event; it re-arms at the latest gap end instead of moving with every event.
        assertThat(h.numEventTimeTimers()).isEqualTo(1);
        assertThat(activity(h, "shop-1|s1").timerAt).isEqualTo(T0 + GAP);
        h.processWatermark(T0 + GAP);
        assertThat(h.extractOutputValues()).hasSize(1);
        long last = T0 + 11 * 20_000L;
        assertThat(activity(h, "shop-1|s1").timerAt).isEqualTo(last + GAP);
        h.processWatermark(last + GAP);
        out = h.extractOutputValues();
        assertThat(out).hasSize(2);
        assertThat(out.get(1).fast.stage).isEqualTo(BotVerdict.SESSION_END);
        assertThat(out.get(1).fast.ts).isEqualTo(last);
        assertThat(h.numKeyedStateEntries()).isZero();
        assertThat(h.numEventTimeTimers()).isZero();
        h.close();
    }

    @Test
    void stampsSignalEventsWithTheViewsBeforeThemAndCapsEndlessSessions() throws Exception {
        var h = tracker();
        h.processElement(new StreamRecord<>(click(ClickType.ADD_TO_CART, "u2", "s2", T0), T0));
        h.processElement(new StreamRecord<>(click(ClickType.PAGE_VIEW, "u2", "s2", T0 + 1_000), T0 + 1_000));
        h.processElement(new StreamRecord<>(click(ClickType.PAGE_TIMING, "u2", "s2", T0 + 1_500), T0 + 1_500));
        h.processElement(new StreamRecord<>(click(ClickType.PURCHASE, "u2", "s2", T0 + 2_000), T0 + 2_000));
        var signals = h.getSideOutput(TrackSessions.SIGNAL_EVENTS);
        assertThat(signals).extracting(r -> r.getValue().kind + ":" + r.getValue().viewsBefore)
                .containsExactly("CART:0", "PAGE_VIEW:0", "PURCHASE:1");
        assertThat(signals.peek().getValue().key).isEqualTo("shop-1|s2");
        // A scraper that never pauses a whole gap: every 10 minutes for 5 hours; the 4-hour cap closes it.
        for (int i = 1; i <= 30; i++) {
            long ts = T0 + i * 600_000L;
            h.processElement(new StreamRecord<>(click(ClickType.PAGE_VIEW, "bot", "endless", ts), ts));
            h.processWatermark(ts - 1);
        }
        assertThat(h.extractOutputValues()).filteredOn(c -> c.fast.userId.equals("bot") && c.fast.stage.equals(BotVerdict.SESSION_END))
                .hasSize(1);
        h.close();
    }

    @Test
    void featuresReadLikeTheSession() {
        SessionActivity a = null;
        for (int i = 0; i < 5; i++) {
            ClickEvent v = click(ClickType.PAGE_VIEW, "u", "s", T0 + i * 10_000L);
            v.userAgent = "HeadlessChrome/120";
            v.webdriver = true;
            v.js = true;
            v.screen = "800x600";
            if (a == null) a = SessionFeatures.open(v);
            SessionFeatures.add(a, v);
        }
        float[] x = SessionFeatures.vector(a);
        assertThat(x).hasSize(SessionFeatures.NAMES.size());
        assertThat(x[SessionFeatures.NAMES.indexOf("gap_cv")]).isZero();               // exactly 10 s apart
        assertThat(x[SessionFeatures.BEACON_SHARE]).isZero();                         // no page_timing
        assertThat(x[SessionFeatures.WEBDRIVER_SHARE]).isEqualTo(1f);
        assertThat(x[SessionFeatures.UA_AUTOMATION]).isEqualTo(1f);
        assertThat(x[SessionFeatures.NAMES.indexOf("screen_unusual")]).isEqualTo(1f);
        assertThat(x[SessionFeatures.NAMES.indexOf("log_duration_s")]).isCloseTo((float) Math.log1p(40), org.assertj.core.data.Offset.offset(1e-5f));
    }

    @Test
    void judgeWeighsHindsightAndWritesDisagreementsAsTrainingData() throws Exception {
        var h = new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(new SlowJudge()), (SessionCase c) -> c.fast.userId, Types.STRING);
        h.open();
        // Fast said human; the IP carried 150 sessions that day and no beacon came for 20 page views: the judge says bot.
        SessionCase farm = scraperCase("u-farm", BotVerdict.HUMAN);
        farm.ipSessionsThatDay = 150;
        h.processElement(new StreamRecord<>(farm, T0 + 3_600_000L));
        // Fast said bot; the visitor bought, with beacons, from a quiet IP: the judge says human.
        SessionCase buyer = humanCase("u-buyer", BotVerdict.BOT);
        h.processElement(new StreamRecord<>(buyer, T0 + 3_600_000L));
        // Both agree: no training example.
        SessionCase agreed = humanCase("u-agreed", BotVerdict.HUMAN);
        h.processElement(new StreamRecord<>(agreed, T0 + 3_600_000L));
        List<BotVerdict> verdicts = h.extractOutputValues();
        assertThat(verdicts).extracting(v -> v.userId + ":" + v.verdict + ":" + v.stage)
                .containsExactly("u-farm:bot:final", "u-buyer:human:final", "u-agreed:human:final");
        assertThat(verdicts.get(0).reasons).contains("busy_ip", "no_beacons");
        var training = h.getSideOutput(SlowJudge.TRAINING);
        assertThat(training).extracting(r -> r.getValue().userId + ":" + r.getValue().fastLabel + "→" + r.getValue().judgeLabel)
                .containsExactly("u-farm:human→bot", "u-buyer:bot→human");
        assertThat(training.peek().getValue().features).containsKeys("beacon_share", "signal_metronome").hasSize(SessionFeatures.NAMES.size());
        h.close();
    }

    static SessionCase scraperCase(String user, String fastVerdict) {
        SessionActivity a = null;
        for (int i = 0; i < 20; i++) {
            ClickEvent v = click(ClickType.PAGE_VIEW, user, "s-" + user, T0 + i * 2_000L);
            if (a == null) a = SessionFeatures.open(v);
            SessionFeatures.add(a, v);
        }
        return decided(TrackSessions.caseOf(a, BotVerdict.SESSION_END), fastVerdict);
    }

    static SessionCase humanCase(String user, String fastVerdict) {
        SessionActivity a = null;
        long ts = T0;
        for (int i = 0; i < 6; i++) {
            ClickEvent v = click(i == 5 ? ClickType.PURCHASE : ClickType.PAGE_VIEW, user, "s-" + user, ts);
            v.js = true;
            if (a == null) a = SessionFeatures.open(v);
            SessionFeatures.add(a, v);
            ClickEvent beacon = click(ClickType.PAGE_TIMING, user, "s-" + user, ts + 900);
            beacon.js = true;
            SessionFeatures.add(a, beacon);
            ts += 25_000 + i * 7_000L;
        }
        SessionCase c = decided(TrackSessions.caseOf(a, BotVerdict.SESSION_END), fastVerdict);
        c.ipSessionsThatDay = 2;
        return c;
    }

    private static SessionCase decided(SessionCase c, String verdict) {
        c.fast.verdict = verdict;
        c.fast.score = verdict.equals(BotVerdict.BOT) ? 0.9 : 0.1;
        c.fast.modelVersion = "test";
        return c;
    }

    @Test
    void dropsAJudgedBotsClicksUntilAHumanVerdictAndCountsThem() throws Exception {
        var h = new KeyedTwoInputStreamOperatorTestHarness<>(new KeyedCoProcessOperator<>(new DropBotTraffic(S.verdictTtl())),
                (ClickEvent e) -> e.userId, (BotVerdict v) -> v.userId, Types.STRING);
        h.open();
        h.processElement1(new StreamRecord<>(click(ClickType.PAGE_VIEW, "scraper", "s", T0), T0));
        BotVerdict bot = new BotVerdict();
        bot.userId = "scraper";
        bot.verdict = BotVerdict.BOT;
        h.processElement2(new StreamRecord<>(bot, T0));
        h.processElement1(new StreamRecord<>(click(ClickType.PAGE_VIEW, "scraper", "s", T0 + 1), T0 + 1));
        h.processElement1(new StreamRecord<>(click(ClickType.PAGE_VIEW, "person", "p", T0 + 1), T0 + 1));
        assertThat(h.extractOutputValues()).extracting(e -> e.userId).containsExactly("scraper", "person");
        BotVerdict overturned = new BotVerdict();
        overturned.userId = "scraper";
        overturned.verdict = BotVerdict.HUMAN;
        h.processElement2(new StreamRecord<>(overturned, T0 + 2));
        h.processElement1(new StreamRecord<>(click(ClickType.PAGE_VIEW, "scraper", "s", T0 + 3), T0 + 3));
        assertThat(h.extractOutputValues()).extracting(e -> e.userId).containsExactly("scraper", "person", "scraper");
        assertThat(h.numKeyedStateEntries()).isZero();
        h.close();
    }

    @Test
    void aSessionEndWaitsForTheWatermarkSoSignalsOfItsEventsCountAndItsStateGoes() throws Exception {
        var h = new KeyedTwoInputStreamOperatorTestHarness<>(new KeyedCoProcessOperator<>(new AttachSignals(S)),
                (SessionCase c) -> TrackSessions.keyOf(c), (com.streamlens.state.records.BotSignal s) -> s.key, Types.STRING);
        h.open();
        SessionCase end = scraperCase("u-s", BotVerdict.HUMAN);
        long endTs = T0 + GAP;
        h.processElement1(new StreamRecord<>(end, endTs));
        assertThat(h.extractOutputValues()).isEmpty(); // held: a burst match of its views may still come
        var burst = new com.streamlens.state.records.BotSignal();
        burst.patternId = BotPatterns.PAGEVIEW_BURST;
        burst.key = "shop-1|s-u-s";
        h.processElement2(new StreamRecord<>(burst, T0 + 40_000));
        h.processWatermark1(new org.apache.flink.streaming.api.watermark.Watermark(endTs));
        h.processWatermark2(new org.apache.flink.streaming.api.watermark.Watermark(endTs));
        List<SessionCase> out = h.extractOutputValues();
        assertThat(out).hasSize(1);
        assertThat(out.get(0).features[SessionFeatures.SIGNALS_AT]).isEqualTo((float) Math.log1p(1));
        assertThat(h.numKeyedStateEntries()).isZero();
        // A case already behind the watermark (an input was idle while the other moved it) leaves at once.
        SessionCase late = scraperCase("u-l", BotVerdict.HUMAN);
        h.processElement1(new StreamRecord<>(late, endTs - 1));
        assertThat(h.extractOutputValues()).hasSize(2);
        assertThat(h.numKeyedStateEntries()).isZero();
        h.close();
    }

    @Test
    void everyLoginFromAnIpWhileItIsCaughtStuffingIsAVerdictOnItsAccount() throws Exception {
        var h = new KeyedTwoInputStreamOperatorTestHarness<>(new KeyedCoProcessOperator<>(new CaughtIpLogins(S)),
                (SignalEvent e) -> e.key, (com.streamlens.state.records.BotSignal s) -> s.key, Types.STRING);
        h.open();
        long window = S.patterns().loginWindow().toMillis();
        // An account whose password worked at once, between the failures of the attack, and one long after it.
        SignalEvent quiet = SignalEvent.of("q", SignalEvent.Kind.LOGIN_SUCCESS, "ip:192.0.2.9", T0 + 3_000, "acct-quiet", "192.0.2.9");
        SignalEvent later = SignalEvent.of("z", SignalEvent.Kind.LOGIN_SUCCESS, "ip:192.0.2.9", T0 + 5 * window, "acct-later", "192.0.2.9");
        h.processElement1(new StreamRecord<>(quiet, quiet.ts));
        h.processElement1(new StreamRecord<>(later, later.ts));
        var match = new com.streamlens.state.records.BotSignal();
        match.patternId = BotPatterns.LOGIN_FAILURES;
        match.key = "ip:192.0.2.9";
        match.firstTs = T0;
        match.ts = T0 + 8_000;
        h.processElement2(new StreamRecord<>(match, match.ts));
        h.processWatermark1(new org.apache.flink.streaming.api.watermark.Watermark(T0 + 6 * window));
        h.processWatermark2(new org.apache.flink.streaming.api.watermark.Watermark(T0 + 6 * window));
        assertThat(h.extractOutputValues()).extracting(v -> v.userId + ":" + v.verdict + ":" + v.reasons.get(0))
                .containsExactly("acct-quiet:bot:login-from-caught-ip");
        assertThat(h.numEventTimeTimers()).isZero();
        h.close();
    }

    @Test
    void loginEventsAreKeyedByAccountAndIpAndRegistrationsByNetwork() {
        assertThat(LoginSignalEvents.network("198.51.100.23")).isEqualTo("198.51.100");
        assertThat(LoginSignalEvents.network("2001:db8:85a3:0:0:8a2e:370:7334")).isEqualTo("2001:db8:85a3");
        var login = new com.streamlens.state.events.MailEvent();
        login.type = com.streamlens.state.events.MailType.LOGIN;
        login.userId = "acct1";
        login.eventId = "m1";
        login.ip = "198.51.100.23";
        login.success = false;
        var out = new java.util.ArrayList<SignalEvent>();
        LoginSignalEvents.emit(login, new org.apache.flink.api.common.functions.util.ListCollector<>(out));
        assertThat(out).extracting(e -> e.kind + "@" + e.key).containsExactly("LOGIN_FAILURE@account:acct1", "LOGIN_FAILURE@ip:198.51.100.23");
    }
}
