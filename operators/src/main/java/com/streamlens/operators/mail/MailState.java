package com.streamlens.operators.mail;

import com.streamlens.operators.runtime.Ttl;
import com.streamlens.state.records.UserMailSummary;
import java.time.Duration;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;

/** State descriptors of the mail scoring job. */
public final class MailState {
    private MailState() {}

    /** A user without mail for this long starts a fresh summary; matches the Redis key's default TTL. */
    public static final Duration SUMMARY_TTL = Duration.ofDays(30);

    /** Per user: counts and the last 10 verdicts (~1.5 KB); expires SUMMARY_TTL after the last mail. */
    public static ValueStateDescriptor<UserMailSummary> summary() {
        ValueStateDescriptor<UserMailSummary> d = new ValueStateDescriptor<>("mail-summary", Types.POJO(UserMailSummary.class));
        d.enableTimeToLive(Ttl.afterLastWrite(SUMMARY_TTL));
        return d;
    }
}
