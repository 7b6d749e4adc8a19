package com.streamlens.state.records;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.List;

/**
 * The antibot's decision about a visitor (topic {@code bot-verdicts}, compacted, key user id). Stages: {@code early}
 * (after the session's first events), {@code session_end} (on the session's gap timer), {@code final} (the slow judge,
 * an hour later by default) and {@code signal} (an account or IP caught by a login or registration pattern).
 */
public class BotVerdict {
    public static final String EARLY = "early";
    public static final String SESSION_END = "session_end";
    public static final String FINAL = "final";
    public static final String SIGNAL = "signal";
    public static final String BOT = "bot";
    public static final String HUMAN = "human";

    public String userId;
    public String siteId;
    public String sessionId;
    public String ip;
    public String stage;
    /** The decision's probability of a bot: the combined score of the fast path, the judge's score for {@code final}. */
    public double score;
    /** The session model's own probability; null where no model scored (a signal verdict). */
    public Double modelScore;
    /** The CEP patterns' share of the score: 1 − Π(1 − w_pattern) over the patterns that matched. */
    public double signalScore;
    /** bot | human. */
    public String verdict;
    /** Pattern ids and the strongest features, e.g. ["pageview-burst", "beacon_share"]. */
    public List<String> reasons;
    public String modelVersion;
    /** Event time of the decision (the session's last event, or the judge's timer). */
    public long ts;
    public long decidedAt;

    public BotVerdict() {}

    @JsonIgnore // derived from verdict: not a field of the topic's records
    public boolean isBot() {
        return BOT.equals(verdict);
    }
}
