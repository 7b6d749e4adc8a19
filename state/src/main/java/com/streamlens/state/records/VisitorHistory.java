package com.streamlens.state.records;

/** What the slow judge remembers of a visitor (keyed by user id), until a TTL after their last judged session. */
public class VisitorHistory {
    public int sessions;
    public int sessionsJudgedBot;
    public int purchases;
    /** Distinct days (epoch day) with a session, at most the latest 8. */
    public int[] days = new int[0];
    public long lastTs;

    public VisitorHistory() {}
}
