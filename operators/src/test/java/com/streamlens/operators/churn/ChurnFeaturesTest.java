package com.streamlens.operators.churn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.streamlens.state.events.ClickEvent;
import com.streamlens.state.events.ClickType;
import com.streamlens.state.events.MailEvent;
import com.streamlens.state.events.MailType;
import com.streamlens.state.events.PageTiming;
import com.streamlens.state.records.AccountActivity;
import com.streamlens.state.records.CustomerActivity;
import com.streamlens.state.records.CustomerState;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

/** The churn features against values computed by hand, and the state's size. */
class ChurnFeaturesTest {
    static final ChurnSettings S = ChurnSettings.defaults();
    static final long DAY = 86_400_000L;
    /** Monday 2024-03-04 00:00 UTC. */
    static final long MONDAY = LocalDate.of(2024, 3, 4).atStartOfDay().toInstant(ZoneOffset.UTC).toEpochMilli();

    static ClickEvent click(ClickType type, String user, long ts) {
        ClickEvent e = new ClickEvent();
        e.schema = 1;
        e.eventId = type + "-" + ts;
        e.type = type;
        e.siteId = "shop-1";
        e.userId = user;
        e.ts = ts;
        if (type != ClickType.PAGE_VIEW && type != ClickType.PAGE_TIMING) e.itemId = "i1";
        if (type == ClickType.PAGE_VIEW) e.url = "https://shop-1.example/i1";
        return e;
    }

    static ClickEvent purchase(String user, long ts, String order, double revenue) {
        ClickEvent e = click(ClickType.PURCHASE, user, ts);
        e.orderId = order;
        e.revenue = revenue;
        return e;
    }

    static ClickEvent beacon(String user, long ts, int loadMs) {
        ClickEvent e = click(ClickType.PAGE_TIMING, user, ts);
        e.timing = new PageTiming(1, 1, 1, 1, loadMs);
        return e;
    }

    static float f(float[] v, String name) {
        return v[ChurnFeatures.NAMES.indexOf(name)];
    }

    @Test
    void recencyFrequencyMoneyAndRhythmAsComputedByHand() {
        CustomerActivity a = new CustomerActivity();
        long t0 = MONDAY - 60 * DAY; // first seen 60 days before the Monday
        // Orders 60, 40 and 20 days before (a 20-day rhythm), two lines of the last order; views in the last week.
        CustomerHistory.record(a, purchase("u", t0, "o1", 10), S);
        CustomerHistory.record(a, purchase("u", MONDAY - 40 * DAY, "o2", 20), S);
        CustomerHistory.record(a, purchase("u", MONDAY - 20 * DAY, "o3", 5), S);
        CustomerHistory.record(a, purchase("u", MONDAY - 20 * DAY, "o3", 7), S);
        CustomerHistory.record(a, click(ClickType.PAGE_VIEW, "u", MONDAY - 3 * DAY), S);
        CustomerHistory.record(a, click(ClickType.PAGE_VIEW, "u", MONDAY - 3 * DAY + 60_000), S); // same session
        CustomerHistory.record(a, click(ClickType.ADD_TO_CART, "u", MONDAY - 3 * DAY + 120_000), S); // abandoned
        CustomerHistory.record(a, beacon("u", MONDAY - 2 * DAY, 6_000), S); // slow
        CustomerHistory.record(a, beacon("u", MONDAY - 2 * DAY + 1_000, 900), S);
        CustomerHistory.record(a, click(ClickType.REFUND, "u", MONDAY - 2 * DAY + 2_000), S);

        float[] v = ChurnFeatures.vector(a, null, MONDAY, S);
        assertThat(f(v, "days_since_last_event")).isCloseTo(2 - 2_000f / DAY, within(1e-4f));
        assertThat(f(v, "days_since_last_session")).isCloseTo(2, within(1e-4f));
        assertThat(f(v, "days_since_last_purchase")).isCloseTo(20, within(1e-4f));
        assertThat(f(v, "sessions_7d")).isEqualTo(2); // day −3 and day −2
        assertThat(f(v, "sessions_30d")).isEqualTo(3); // + day −20
        assertThat(f(v, "sessions_90d")).isEqualTo(5); // + days −40, −60 (13 weeks reach 91 days back)
        assertThat(f(v, "views_7d")).isEqualTo(2);
        assertThat(f(v, "orders_7d")).isZero();
        assertThat(f(v, "orders_30d")).isEqualTo(1); // two lines, one order
        assertThat(f(v, "orders_90d")).isEqualTo(3);
        assertThat(f(v, "revenue_30d")).isEqualTo(12);
        assertThat(f(v, "revenue_90d")).isEqualTo(42);
        assertThat(f(v, "mean_purchase_gap_days")).isCloseTo(20, within(1e-4f));
        assertThat(f(v, "purchase_overdue")).isCloseTo(1, within(1e-4f));
        assertThat(f(v, "cart_abandonment")).isEqualTo(1); // the cart's session ended (gap passed) without a purchase
        assertThat(f(v, "slow_load_share")).isEqualTo(0.5f);
        assertThat(f(v, "tenure_days")).isCloseTo(60, within(1e-4f));
        assertThat(f(v, "refund_share")).isCloseTo(1 / 4f, within(1e-6f)); // 1 refund, 3 orders
        assertThat(f(v, "has_purchased")).isEqualTo(1);
        assertThat(f(v, "orders_total")).isEqualTo(3);
        assertThat(f(v, "revenue_total")).isEqualTo(42);
        assertThat(CustomerHistory.milestone(a, 2)).isEqualTo(MONDAY - 20 * DAY + 2 * 20 * DAY);
    }

    @Test
    void trendIsTheLeastSquaresSlopeOfWeeklySessionsAndRingsForgetOldWeeks() {
        float[] rising = new float[13];
        for (int k = 0; k < 13; k++) rising[k] = (float) Math.expm1(0.1 * k); // log1p = 0.1·k exactly
        assertThat(ChurnFeatures.trend(rising)).isCloseTo(0.1f, within(1e-5f));
        assertThat(ChurnFeatures.trend(new float[13])).isZero();

        CustomerActivity a = new CustomerActivity();
        CustomerHistory.record(a, click(ClickType.PAGE_VIEW, "u", MONDAY - 200 * DAY), S);
        CustomerHistory.record(a, click(ClickType.PAGE_VIEW, "u", MONDAY - DAY), S);
        float[] v = ChurnFeatures.vector(a, null, MONDAY, S);
        assertThat(f(v, "sessions_90d")).isEqualTo(1); // the visit 200 days ago has left the rings
        assertThat(f(v, "tenure_days")).isCloseTo(200, within(1e-3f));
        assertThat(f(v, "days_since_last_purchase")).isCloseTo(200, within(1e-3f)); // never bought: since first seen
        assertThat(f(v, "has_purchased")).isZero();
        assertThat(f(v, "weekly_trend")).isPositive();
    }

    @Test
    void mailLoginsDecayWithAThirtyDayHalfLife() {
        AccountActivity m = new AccountActivity();
        MailEvent login = new MailEvent();
        login.type = MailType.LOGIN;
        login.userId = "u";
        login.ts = MONDAY - 30 * DAY;
        login.success = true;
        assertThat(CustomerHistory.record(m, login)).isTrue();
        login.success = false;
        assertThat(CustomerHistory.record(m, login)).isFalse(); // a failed login is nobody's visit
        CustomerActivity a = new CustomerActivity();
        CustomerHistory.record(a, click(ClickType.PAGE_VIEW, "u", MONDAY - DAY), S);
        float[] v = ChurnFeatures.vector(a, m, MONDAY, S);
        assertThat(f(v, "logins_30d")).isCloseTo(0.5f, within(1e-5f));
        assertThat(f(v, "days_since_login")).isCloseTo(30, within(1e-4f));
    }

    @Test
    void modelInputTakesLogsOfCountsOnly() {
        float[] raw = new float[ChurnFeatures.NAMES.size()];
        raw[ChurnFeatures.NAMES.indexOf("orders_total")] = (float) Math.E - 1;
        raw[ChurnFeatures.NAMES.indexOf("cart_abandonment")] = 0.5f;
        float[] x = ChurnFeatures.modelInput(raw);
        assertThat(x[ChurnFeatures.NAMES.indexOf("orders_total")]).isCloseTo(1f, within(1e-6f));
        assertThat(x[ChurnFeatures.NAMES.indexOf("cart_abandonment")]).isEqualTo(0.5f);
    }

    @Test
    void aBusyCustomersStateStaysUnder600Bytes() throws Exception {
        CustomerActivity a = new CustomerActivity();
        for (int d = 0; d < 120; d++) {
            for (int k = 0; k < 40; k++) CustomerHistory.record(a, click(ClickType.PAGE_VIEW, "u", MONDAY + d * DAY + k * 3_600_000L / 2), S);
            CustomerHistory.record(a, purchase("u", MONDAY + d * DAY + 1, "o" + d, 99.5), S);
            CustomerHistory.record(a, beacon("u", MONDAY + d * DAY + 2, 7_000), S);
        }
        CustomerState customer = new CustomerState();
        customer.sites.put("shop-1", a);
        customer.account = new AccountActivity();
        customer.account.logins = 3;
        TypeSerializer<CustomerState> serializer = TypeInformation.of(CustomerState.class).createSerializer(new SerializerConfigImpl());
        DataOutputSerializer out = new DataOutputSerializer(1024);
        serializer.serialize(customer, out);
        System.out.println("CustomerState, a busy customer of one site with mail: " + out.length() + " bytes serialised");
        assertThat(out.length()).as("bytes per customer in RocksDB").isLessThanOrEqualTo(600);
        assertThat(serializer.getClass().getSimpleName()).isEqualTo("PojoSerializer");
    }
}
