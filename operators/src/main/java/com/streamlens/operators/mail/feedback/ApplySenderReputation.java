package com.streamlens.operators.mail.feedback;

import com.streamlens.operators.mail.MailState;
import com.streamlens.operators.mail.Senders;
import com.streamlens.state.records.MailVerdict;
import com.streamlens.state.records.SenderReputation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.co.BroadcastProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Files a mail as spam when its address or domain holds a bad global reputation at the mail's time, unless one of the
 * user's own rules already decided it (a personal "never spam" outranks everyone else's reports). The bad senders are
 * broadcast state: an entry leaves when its mark is lifted or a window after its last report.
 */
public class ApplySenderReputation extends BroadcastProcessFunction<MailVerdict, SenderReputation, MailVerdict> {
    private transient Counter decided;

    @Override
    public void open(OpenContext ctx) {
        decided = getRuntimeContext().getMetricGroup().counter("verdictsByReputation");
    }

    @Override
    public void processElement(MailVerdict v, ReadOnlyContext ctx, Collector<MailVerdict> out) throws Exception {
        if (!MailVerdict.BY_RULE.equals(v.decidedBy) && MailVerdict.HAM.equals(v.verdict) && v.from != null) {
            ReadOnlyBroadcastState<String, SenderReputation> bad = ctx.getBroadcastState(MailState.badSenders());
            SenderReputation rep = bad.get("sender:" + v.from);
            if (rep == null || v.ts >= rep.until) rep = bad.get("domain:" + Senders.domain(v.from));
            if (rep != null && v.ts < rep.until) {
                v.verdict = MailVerdict.SPAM;
                v.folder = MailVerdict.SPAM_FOLDER;
                v.decidedBy = MailVerdict.BY_REPUTATION;
                v.rule = rep.key;
                decided.inc();
            }
        }
        out.collect(v);
    }

    @Override
    public void processBroadcastElement(SenderReputation rep, Context ctx, Collector<MailVerdict> out) throws Exception {
        BroadcastState<String, SenderReputation> bad = ctx.getBroadcastState(MailState.badSenders());
        if (rep.bad) bad.put(rep.key, rep);
        else bad.remove(rep.key);
        List<String> stale = new ArrayList<>();
        for (Map.Entry<String, SenderReputation> e : bad.entries()) if (e.getValue().until <= rep.ts) stale.add(e.getKey());
        for (String k : stale) bad.remove(k);
    }
}
