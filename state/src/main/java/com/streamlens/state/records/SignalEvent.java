package com.streamlens.state.records;

/**
 * One event as the antibot's CEP patterns see it: a few fields of a click or a login, keyed by what the pattern counts
 * over (a session, an account, an IP, an IP /24). Small on purpose: CEP buffers it in RocksDB until its match ends.
 */
public class SignalEvent {
    public enum Kind { PAGE_VIEW, CART, PURCHASE, LOGIN_FAILURE, LOGIN_SUCCESS, REGISTRATION }

    public String eventId;
    public Kind kind;
    /** What the pattern is keyed by: "site|session", "account:{user}", "ip:{ip}", "net:{ip /24}". */
    public String key;
    public long ts;
    public String userId;
    public String ip;
    public String itemId;
    /** Page views earlier in the same session (clicks only): CEP cannot look before a pattern's first event. */
    public int viewsBefore;

    public SignalEvent() {}

    public static SignalEvent of(String eventId, Kind kind, String key, long ts, String userId, String ip) {
        SignalEvent e = new SignalEvent();
        e.eventId = eventId;
        e.kind = kind;
        e.key = key;
        e.ts = ts;
        e.userId = userId;
        e.ip = ip;
        return e;
    }
}
