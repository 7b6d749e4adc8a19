package com.streamlens.operators.antibot;

import static com.streamlens.operators.antibot.SessionFeatures.BEACON_SHARE;
import static com.streamlens.operators.antibot.SessionFeatures.LOG_PURCHASES;
import static com.streamlens.operators.antibot.SessionFeatures.NO_SCRIPT_SHARE;
import static com.streamlens.operators.antibot.SessionFeatures.SCRIPT_SHARE;
import static com.streamlens.operators.antibot.SessionFeatures.SIGNALS_AT;
import static com.streamlens.operators.antibot.SessionFeatures.UA_AUTOMATION;
import static com.streamlens.operators.antibot.SessionFeatures.WEBDRIVER_SHARE;

import com.streamlens.state.records.SessionCase;
import com.streamlens.state.records.VisitorHistory;
import java.util.ArrayList;
import java.util.List;

/**
 * The slow judge's evidence, weighed after the fact with what the fast path could not know: how many sessions the IP
 * carried that day, whether the visitor ever bought or came back on another day, and how their other sessions were
 * judged. A log-odds sum, p = σ(b + Σ w_i·e_i), bot when p ≥ ½; each weight is the log-odds one piece of evidence is
 * worth on its own (docs/jobs/antibot.md). It never reads the fast model's score, so the two can disagree.
 */
public final class JudgeRule {
    static final double BIAS = -2.5;
    static final int BUSY_IP_SESSIONS = 20;
    static final int FARM_IP_SESSIONS = 100;

    private JudgeRule() {}

    public record Judgement(double score, List<String> reasons) {
        public boolean bot() {
            return score >= 0.5;
        }
    }

    public static Judgement judge(SessionCase c, VisitorHistory h) {
        float[] x = c.features;
        double z = BIAS;
        List<String> reasons = new ArrayList<>();
        z += add(reasons, "webdriver", 5.0 * x[WEBDRIVER_SHARE]);
        z += add(reasons, "automation_user_agent", 5.0 * x[UA_AUTOMATION]);
        // Page views whose timing beacon never came (in a session of at least 3 events): the page's script did not run.
        boolean enoughEvents = Math.expm1(x[SessionFeatures.LOG_EVENTS]) >= 3;
        z += add(reasons, "no_beacons", enoughEvents && x[BEACON_SHARE] < 0.2 ? 2.5 : 0);
        z += add(reasons, "no_script", 2.0 * x[NO_SCRIPT_SHARE] + (x[SCRIPT_SHARE] == 0 ? 1.0 : 0));
        z += add(reasons, "busy_ip", c.ipSessionsThatDay > FARM_IP_SESSIONS ? 4.0 : c.ipSessionsThatDay > BUSY_IP_SESSIONS ? 2.5 : 0);
        int patterns = 0;
        for (int k = 0; k < BotPatterns.SESSION_PATTERNS.length; k++) if (x[SIGNALS_AT + k] > 0) patterns++;
        z += add(reasons, "patterns", 1.5 * patterns);
        z += add(reasons, "judged_bot_before", h.sessions > 0 && h.sessionsJudgedBot * 2 > h.sessions ? 2.0 : 0);
        boolean bought = h.purchases > 0 || x[LOG_PURCHASES] > 0;
        z += add(reasons, "purchased", bought ? -3.0 : 0);
        z += add(reasons, "returned_another_day", h.days.length >= 2 ? -1.5 : 0);
        return new Judgement(1 / (1 + Math.exp(-z)), reasons);
    }

    private static double add(List<String> reasons, String name, double w) {
        if (w != 0) reasons.add(name);
        return w;
    }
}
