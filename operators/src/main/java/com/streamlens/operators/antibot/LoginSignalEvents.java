package com.streamlens.operators.antibot;

import com.streamlens.state.events.MailEvent;
import com.streamlens.state.events.MailType;
import com.streamlens.state.records.SignalEvent;
import com.streamlens.state.records.SignalEvent.Kind;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Logins and registrations as CEP events: a login twice, keyed by its account and by its IP (the login patterns count
 * over both); a registration keyed by its IP's network (/24 for IPv4, /48 for IPv6). Other mail events, and
 * registrations without an IP, carry nothing these patterns count. A login or registration behind the watermark, which
 * the patterns would drop, leaves whole on {@link #LATE}.
 */
public class LoginSignalEvents extends ProcessFunction<MailEvent, SignalEvent> {
    public static final OutputTag<MailEvent> LATE = new OutputTag<>("late-logins") {};

    @Override
    public void processElement(MailEvent m, Context ctx, Collector<SignalEvent> out) {
        boolean counted = m.type == MailType.LOGIN || (m.type == MailType.REGISTRATION && m.ip != null);
        if (counted && m.ts <= ctx.timerService().currentWatermark()) {
            ctx.output(LATE, m);
            return;
        }
        emit(m, out);
    }

    static void emit(MailEvent m, Collector<SignalEvent> out) {
        if (m.type == MailType.LOGIN) {
            Kind kind = Boolean.FALSE.equals(m.success) ? Kind.LOGIN_FAILURE : Kind.LOGIN_SUCCESS;
            out.collect(SignalEvent.of(m.eventId, kind, "account:" + m.userId, m.ts, m.userId, m.ip));
            if (m.ip != null) out.collect(SignalEvent.of(m.eventId, kind, "ip:" + m.ip, m.ts, m.userId, m.ip));
        } else if (m.type == MailType.REGISTRATION && m.ip != null) {
            out.collect(SignalEvent.of(m.eventId, Kind.REGISTRATION, "net:" + network(m.ip), m.ts, m.userId, m.ip));
        }
    }

    /** The /24 of an IPv4 address ("203.0.113"), the /48 of an IPv6 one (its first three groups). */
    static String network(String ip) {
        if (ip.indexOf(':') >= 0) {
            String[] groups = ip.split(":", -1);
            return groups.length >= 3 ? groups[0] + ":" + groups[1] + ":" + groups[2] : ip;
        }
        int last = ip.lastIndexOf('.');
        return last > 0 ? ip.substring(0, last) : ip;
    }
}
