package com.streamlens.operators.churn;

import static com.streamlens.operators.churn.ChurnFeaturesTest.DAY;
import static com.streamlens.operators.churn.ChurnFeaturesTest.MONDAY;
import static com.streamlens.operators.churn.ChurnFeaturesTest.S;
import static com.streamlens.operators.churn.ChurnFeaturesTest.click;
import static com.streamlens.operators.churn.ChurnFeaturesTest.purchase;
import static org.assertj.core.api.Assertions.assertThat;

import com.streamlens.state.events.ClickEvent;
import com.streamlens.state.events.ClickType;
import com.streamlens.state.events.MailEvent;
import com.streamlens.state.events.MailType;
import com.streamlens.state.records.ChurnCase;
import com.streamlens.state.records.ChurnScore;
import com.streamlens.state.records.CustomerActivity;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/** The churn tracker in Flink's operator harness: its timers, its state's lifecycle, and features equal to the trainer's. */
class TrackCustomersTest {

    static KeyedTwoInputStreamOperatorTestHarness<String, ClickEvent, MailEvent, ChurnCase> harness(ChurnSettings s) throws Exception {
        var h = new KeyedTwoInputStreamOperatorTestHarness<>(new KeyedCoProcessOperator<>(new TrackCustomers(s)),
                (ClickEvent e) -> e.userId, (MailEvent m) -> m.userId, Types.STRING);
        h.open();
        return h;
    }

    static void send(KeyedTwoInputStreamOperatorTestHarness<String, ClickEvent, MailEvent, ChurnCase> h, ClickEvent e) throws Exception {
        h.processElement1(new StreamRecord<>(e, e.ts));
    }

    static CustomerActivity activity(KeyedTwoInputStreamOperatorTestHarness<String, ClickEvent, MailEvent, ChurnCase> h, String user, String site)
            throws Exception {
        var backend = h.getOperator().getKeyedStateBackend();
        backend.setCurrentKey(user);
        var st = backend.getPartitionedState(VoidNamespace.INSTANCE, VoidNamespaceSerializer.INSTANCE, ChurnState.customer(S.lifetime())).value();
        return st == null ? null : st.sites.get(site);
    }

    @Test
    void scoresEachCustomerOncePerDayAtTheirOwnHourWithOneTimer() throws Exception {
        var h = harness(S);
        send(h, click(ClickType.PAGE_VIEW, "u1", MONDAY + 3_600_000));
        send(h, click(ClickType.PAGE_VIEW, "u1", MONDAY + 7_200_000));
        send(h, click(ClickType.PAGE_VIEW, "u2", MONDAY + 7_200_000));
        assertThat(h.numEventTimeTimers()).isEqualTo(2); // one per customer, not per event
        long due1 = TrackCustomers.firstScoreAfter("u1", MONDAY + 3_600_000, DAY);
        long due2 = TrackCustomers.firstScoreAfter("u2", MONDAY + 7_200_000, DAY);
        assertThat(due1).isBetween(MONDAY + 3_600_001, MONDAY + 3_600_000 + DAY);
        assertThat(Math.floorMod(due1, DAY)).as("customers come due at different times of day").isNotEqualTo(Math.floorMod(due2, DAY));
        h.processBothWatermarks(new Watermark(due1 - 1));
        assertThat(h.extractOutputValues()).noneMatch(c -> c.userId.equals("u1"));
        h.processBothWatermarks(new Watermark(due1));
        ChurnCase first = h.extractOutputValues().stream().filter(c -> c.userId.equals("u1")).findFirst().orElseThrow();
        assertThat(first.asOf).isEqualTo(due1);
        assertThat(first.trigger).isEqualTo(ChurnScore.DAILY);
        assertThat(first.siteId).isEqualTo("shop-1");
        h.processBothWatermarks(new Watermark(MONDAY + 4 * DAY));
        List<Long> u1 = h.extractOutputValues().stream().filter(c -> c.userId.equals("u1")).map(c -> c.asOf).toList();
        assertThat(u1).containsExactly(due1, due1 + DAY, due1 + 2 * DAY, due1 + 3 * DAY);
        assertThat(h.numEventTimeTimers()).isEqualTo(2); // each re-armed for its next day
        h.close();
    }

    @Test
    void aMilestoneTwoUsualGapsAfterTheLastPurchaseScoresBetweenDays() throws Exception {
        var h = harness(S);
        send(h, purchase("u1", MONDAY, "o1", 10));
        send(h, purchase("u1", MONDAY + 10 * DAY + 6 * 3_600_000L, "o2", 10)); // gap 10.25 days
        long milestone = MONDAY + 10 * DAY + 6 * 3_600_000L + 2 * (10 * DAY + 6 * 3_600_000L);
        assertThat(activity(h, "u1", "shop-1").milestoneAt).isEqualTo(milestone);
        h.processBothWatermarks(new Watermark(milestone));
        ChurnCase last = h.extractOutputValues().get(h.extractOutputValues().size() - 1);
        assertThat(last.trigger).isEqualTo(ChurnScore.MILESTONE);
        assertThat(last.asOf).isEqualTo(milestone);
        assertThat(last.features[ChurnFeatures.NAMES.indexOf("purchase_overdue")]).isEqualTo(2f);
        h.close();
    }

    @Test
    void aCustomerSilentForTheLifetimeGetsAFinalScoreAndTheirStateGoes() throws Exception {
        ChurnSettings s = new ChurnSettings(S.sessionGap(), S.slowLoadMs(), Duration.ofDays(1), Duration.ofDays(5), 2, 10, S.redisTtl());
        var h = harness(s);
        MailEvent stranger = new MailEvent();
        stranger.type = MailType.LOGIN;
        stranger.userId = "mail-only";
        stranger.ts = MONDAY;
        h.processElement2(new StreamRecord<>(stranger, stranger.ts));
        assertThat(h.numKeyedStateEntries()).as("mail alone makes no customer").isZero();
        send(h, click(ClickType.PAGE_VIEW, "u1", MONDAY + 1_000));
        MailEvent login = new MailEvent();
        login.type = MailType.LOGIN;
        login.userId = "u1";
        login.ts = MONDAY + 2_000;
        h.processElement2(new StreamRecord<>(login, login.ts));
        h.processBothWatermarks(new Watermark(MONDAY + 5 * DAY + 1_000 - 1));
        // Daily scores while the last event is less than the lifetime (5 days) ago.
        assertThat(h.extractOutputValues()).extracting(c -> c.trigger).containsOnly(ChurnScore.DAILY).hasSize(5);
        assertThat(h.extractOutputValues().get(0).features[ChurnFeatures.NAMES.indexOf("logins_30d")]).isPositive();
        h.processBothWatermarks(new Watermark(MONDAY + 6 * DAY + 1_000));
        List<ChurnCase> out = h.extractOutputValues();
        assertThat(out).hasSize(6);
        assertThat(out.get(5).trigger).isEqualTo(ChurnScore.FINAL);
        assertThat(out.get(5).features[ChurnFeatures.DAYS_SINCE_LAST_EVENT]).isGreaterThanOrEqualTo(5f);
        assertThat(activity(h, "u1", "shop-1")).isNull();
        assertThat(h.numKeyedStateEntries()).isZero();
        assertThat(h.numEventTimeTimers()).isZero(); // nothing left to score
        h.processBothWatermarks(new Watermark(MONDAY + 30 * DAY));
        assertThat(h.extractOutputValues()).hasSize(6);
        h.close();
    }

    @Test
    void theOperatorAndTheTrainerComputeIdenticalFeatures() throws Exception {
        // A random history of five customers on two sites over six weeks: views, carts, purchases, refunds, beacons.
        SplittableRandom rnd = new SplittableRandom(7);
        List<ClickEvent> events = new ArrayList<>();
        ClickType[] types = {ClickType.PAGE_VIEW, ClickType.PAGE_VIEW, ClickType.ADD_TO_CART, ClickType.PURCHASE, ClickType.REFUND, ClickType.PAGE_TIMING};
        long t = MONDAY;
        for (int i = 0; i < 600; i++) {
            t += (long) (rnd.nextDouble() * 3 * 3_600_000);
            ClickType type = types[rnd.nextInt(types.length)];
            ClickEvent e = type == ClickType.PURCHASE ? purchase("u" + rnd.nextInt(5), t, "o" + rnd.nextInt(40), 5 + rnd.nextInt(50))
                    : type == ClickType.PAGE_TIMING ? ChurnFeaturesTest.beacon("u" + rnd.nextInt(5), t, 500 + rnd.nextInt(9_000))
                    : click(type, "u" + rnd.nextInt(5), t);
            e.siteId = "shop-" + rnd.nextInt(2);
            events.add(e);
        }
        // The job's order of things: the watermark passes a timer only when a later event arrives, before that event.
        var h = harness(S);
        for (ClickEvent e : events) {
            h.processBothWatermarks(new Watermark(e.ts - 1));
            send(h, e);
        }
        List<ChurnCase> cases = h.extractOutputValues();
        assertThat(cases).hasSizeGreaterThan(200);
        List<Long> cutoffs = cases.stream().map(c -> c.asOf).distinct().sorted().toList();
        List<ChurnSnapshots.Snapshot> snapshots = ChurnSnapshots.build(events, cutoffs, Duration.ofDays(1), Duration.ofDays(90), S);
        for (ChurnCase c : cases) {
            ChurnSnapshots.Snapshot s = snapshots.stream()
                    .filter(x -> x.cutoff() == c.asOf && x.userId().equals(c.userId) && x.siteId().equals(c.siteId)).findFirst().orElseThrow();
            assertThat(c.features).as(s.customer() + " at " + c.asOf).containsExactly(s.features());
        }
        h.close();
    }
}
