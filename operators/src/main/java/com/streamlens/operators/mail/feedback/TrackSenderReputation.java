package com.streamlens.operators.mail.feedback;

import com.streamlens.operators.mail.MailState;
import com.streamlens.state.records.SenderReputation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keyed by sender key: the distinct users whose validated clicks reported it as spam (reporters) or as not spam
 * (vouchers) within the window, by event time. The key turns bad at {@code reputationUsers} reporters
 * ({@code domainReputationUsers} for a domain) with score r/(r + v + 1) ≥ {@code reputationScore}; each report while
 * bad extends the mark a window. A record goes out whenever the mark is set, extended or lifted.
 */
public class TrackSenderReputation extends KeyedProcessFunction<String, SenderReport, SenderReputation> {
    /** Users remembered per side and key: far above any threshold, so a campaign's thousands of reporters cost no more. */
    static final int MAX_USERS = 1_000;

    private final MailboxSettings s;
    private transient MapState<String, Long> reporters;
    private transient MapState<String, Long> vouchers;
    private transient ValueState<SenderReputation> last;
    private transient Counter marked;

    public TrackSenderReputation(MailboxSettings settings) {
        this.s = settings;
    }

    @Override
    public void open(OpenContext ctx) {
        reporters = getRuntimeContext().getMapState(MailState.reporters("sender-reporters", s.reputationWindow()));
        vouchers = getRuntimeContext().getMapState(MailState.reporters("sender-vouchers", s.reputationWindow()));
        last = getRuntimeContext().getState(MailState.reputation(s.reputationWindow()));
        marked = getRuntimeContext().getMetricGroup().counter("badSendersMarked");
    }

    @Override
    public void processElement(SenderReport r, Context ctx, Collector<SenderReputation> out) throws Exception {
        MapState<String, Long> side = r.spam ? reporters : vouchers;
        MapState<String, Long> other = r.spam ? vouchers : reporters;
        other.remove(r.userId); // a user counts once, on the side of their latest click
        int onSide = countAndPrune(side, r.ts), onOther = countAndPrune(other, r.ts);
        Long seen = side.get(r.userId);
        if (seen != null || onSide < MAX_USERS) {
            side.put(r.userId, Math.max(r.ts, seen == null ? r.ts : seen));
            if (seen == null) onSide++;
        }
        SenderReputation now = judge(r.key, r.spam ? onSide : onOther, r.spam ? onOther : onSide, r, s);
        SenderReputation before = last.value();
        boolean wasBad = before != null && before.bad && r.ts < before.until;
        if (now.bad || wasBad) {
            if (now.bad && !wasBad) marked.inc();
            if (!now.bad) now.until = r.ts;
            out.collect(now);
        }
        last.update(now);
    }

    /** The plain rule: bad at the key kind's user threshold with score r/(r + v + 1) at least the minimum. */
    public static SenderReputation judge(String key, int reporterCount, int voucherCount, SenderReport r, MailboxSettings s) {
        SenderReputation rep = new SenderReputation();
        rep.key = key;
        rep.reporters = reporterCount;
        rep.vouchers = voucherCount;
        rep.score = reporterCount / (reporterCount + voucherCount + 1.0);
        int needed = key.startsWith("domain:") ? s.domainReputationUsers() : s.reputationUsers();
        rep.bad = reporterCount >= needed && rep.score >= s.reputationScore();
        rep.ts = r.ts;
        rep.until = r.ts + s.reputationWindow().toMillis();
        return rep;
    }

    /** Users on one side within the window ending at {@code now}; older ones are dropped. */
    private int countAndPrune(MapState<String, Long> side, long now) throws Exception {
        long from = now - s.reputationWindow().toMillis();
        List<String> old = new ArrayList<>();
        int n = 0;
        for (Map.Entry<String, Long> e : side.entries()) {
            if (e.getValue() <= from) old.add(e.getKey());
            else n++;
        }
        for (String u : old) side.remove(u);
        return n;
    }
}
