package com.streamlens.operators.mail.feedback;

import com.streamlens.operators.mail.Senders;
import com.streamlens.state.records.MailVerdict;
import com.streamlens.state.records.SpamFeedback;
import java.util.ArrayList;
import java.util.List;

/** One validated user's report on a sender key ({@code sender:addr} or {@code domain:name}): spam, or not spam. */
public class SenderReport {
    public String key;
    public String userId;
    public boolean spam;
    public long ts;

    public SenderReport() {}

    /** The reports a validated click makes: on its address, and on its domain outside shared free-mail domains; none for an unsubscribe. */
    public static List<SenderReport> of(SpamFeedback f, MailboxSettings s) {
        List<SenderReport> out = new ArrayList<>(2);
        if (f.label == null || f.from == null) return out;
        out.add(report("sender:" + f.from, f));
        String domain = Senders.domain(f.from);
        if (!s.sharedDomains().contains(domain)) out.add(report("domain:" + domain, f));
        return out;
    }

    private static SenderReport report(String key, SpamFeedback f) {
        SenderReport r = new SenderReport();
        r.key = key;
        r.userId = f.userId;
        r.spam = MailVerdict.SPAM.equals(f.label);
        r.ts = f.ts;
        return r;
    }
}
