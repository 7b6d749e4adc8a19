package com.streamlens.operators.churn;

import com.streamlens.state.events.ClickEvent;
import com.streamlens.state.events.MailEvent;
import com.streamlens.state.records.AccountActivity;
import com.streamlens.state.records.ChurnCase;
import com.streamlens.state.records.ChurnScore;
import com.streamlens.state.records.CustomerActivity;
import com.streamlens.state.records.CustomerState;
import java.util.Iterator;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keyed by user: each customer's activity per site ({@link CustomerHistory}), and the event-time timers that make them
 * due for a score: one per scoring period, at a fixed offset per customer (a hash of the user: a million customers of a
 * subtask come due spread over the day, not all at midnight, which would hold the task, and its checkpoints, for
 * minutes), plus a milestone when a customer is {@code milestoneFactor} usual gaps past their last purchase. A due
 * customer leaves as a {@link ChurnCase} with their features as of the timer; a site with no activity for the lifetime
 * leaves a last case ({@code final}) and is removed. The periodic instant is a function of the user, so no state
 * remembers it: a due customer costs one state read, and a write only when a site expires. Mail logins and feedback
 * (same user id) add to the features of a customer the job already follows.
 */
public class TrackCustomers extends KeyedCoProcessFunction<String, ClickEvent, MailEvent, ChurnCase> {
    private final ChurnSettings settings;
    private transient ValueState<CustomerState> customer;
    private transient Counter customersDue;
    private transient Counter customersExpired;
    private transient Counter mailOfStrangers;

    public TrackCustomers(ChurnSettings settings) {
        this.settings = settings;
    }

    @Override
    public void open(OpenContext ctx) {
        customer = getRuntimeContext().getState(ChurnState.customer(settings.lifetime()));
        customersDue = getRuntimeContext().getMetricGroup().counter("customersDue");
        customersExpired = getRuntimeContext().getMetricGroup().counter("customersExpired");
        mailOfStrangers = getRuntimeContext().getMetricGroup().counter("mailOfUnknownCustomers");
    }

    @Override
    public void processElement1(ClickEvent e, Context ctx, Collector<ChurnCase> out) throws Exception {
        CustomerState st = customer.value();
        if (st == null) st = new CustomerState();
        CustomerActivity a = st.sites.computeIfAbsent(e.siteId, s -> new CustomerActivity());
        CustomerHistory.record(a, e, settings);
        long watermark = ctx.timerService().currentWatermark();
        long milestone = CustomerHistory.milestone(a, settings.milestoneFactor());
        if (milestone != a.milestoneAt) {
            a.milestoneAt = milestone;
            if (milestone != CustomerActivity.NONE && milestone > watermark) ctx.timerService().registerEventTimeTimer(milestone);
        }
        customer.update(st);
        // The same instant for every event until it fires: Flink keeps one timer per key and time.
        ctx.timerService().registerEventTimeTimer(firstScoreAfter(ctx.getCurrentKey(), Math.max(e.ts, watermark), period()));
    }

    @Override
    public void processElement2(MailEvent m, Context ctx, Collector<ChurnCase> out) throws Exception {
        CustomerState st = customer.value();
        if (st == null) { // mail alone makes no customer
            mailOfStrangers.inc();
            return;
        }
        if (st.account == null) st.account = new AccountActivity();
        if (CustomerHistory.record(st.account, m)) customer.update(st);
    }

    /** The user's first periodic score after {@code ts}: the next instant at their offset within the period. */
    public static long firstScoreAfter(String user, long ts, long period) {
        long offset = Math.floorMod(user.hashCode() * 0x9E3779B97F4A7C15L, period); // Fibonacci hashing spreads similar ids
        long at = Math.floorDiv(ts - offset, period) * period + offset;
        return at > ts ? at : at + period;
    }

    private long period() {
        return settings.scoreEvery().toMillis();
    }

    @Override
    public void onTimer(long t, OnTimerContext ctx, Collector<ChurnCase> out) throws Exception {
        CustomerState st = customer.value();
        if (st == null) return;
        boolean periodic = firstScoreAfter(ctx.getCurrentKey(), t - 1, period()) == t;
        int expired = 0;
        for (Iterator<Map.Entry<String, CustomerActivity>> it = st.sites.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, CustomerActivity> entry = it.next();
            CustomerActivity a = entry.getValue();
            if (!periodic && a.milestoneAt != t) continue;
            boolean gone = t - a.lastEvent >= settings.lifetime().toMillis();
            String trigger = gone ? ChurnScore.FINAL : periodic ? ChurnScore.DAILY : ChurnScore.MILESTONE;
            out.collect(new ChurnCase(ctx.getCurrentKey(), entry.getKey(), t, trigger, ChurnFeatures.vector(a, st.account, t, settings)));
            customersDue.inc();
            if (gone) {
                it.remove();
                expired++;
            }
        }
        customersExpired.inc(expired);
        if (st.sites.isEmpty()) {
            customer.clear();
            return;
        }
        if (expired > 0) customer.update(st);
        if (periodic) ctx.timerService().registerEventTimeTimer(t + period());
    }
}
