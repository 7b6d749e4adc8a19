package com.streamlens.state.records;

import java.util.List;

/** One CEP pattern match (topic {@code bot-signals}): which pattern, over which key, and the events that make it. */
public class BotSignal {
    /** Stable id of the pattern, e.g. "pageview-burst" (docs/jobs/antibot.md lists them). */
    public String patternId;
    /** The key the pattern counted over: "site|session", "account:{user}", "ip:{ip}", "net:{ip /24}". */
    public String key;
    /** The visitors or accounts of the evidence events, distinct, in order of first appearance. */
    public List<String> userIds;
    public String ip;
    /** Event time of the first and the last evidence event. */
    public long firstTs;
    public long ts;
    /** Evidence: the ids of the matched events. */
    public List<String> eventIds;
    /** A pattern's own figure, e.g. the metronome's coefficient of variation; null where none. */
    public Double measure;

    public BotSignal() {}
}
