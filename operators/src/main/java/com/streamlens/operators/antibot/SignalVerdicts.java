package com.streamlens.operators.antibot;

import com.streamlens.state.records.BotSignal;
import com.streamlens.state.records.BotVerdict;
import java.util.List;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.util.Collector;

/**
 * A login or registration pattern's match as verdicts on the accounts in its evidence (stage {@code signal}): score the
 * pattern's weight, bot when that is at least ½. Session patterns are scored with their sessions instead.
 */
public class SignalVerdicts implements FlatMapFunction<BotSignal, BotVerdict> {
    private final AntibotSettings.PatternWeights weights;

    public SignalVerdicts(AntibotSettings.PatternWeights weights) {
        this.weights = weights;
    }

    @Override
    public void flatMap(BotSignal s, Collector<BotVerdict> out) {
        if (List.of(BotPatterns.SESSION_PATTERNS).contains(s.patternId)) return;
        double w = weights.of(s.patternId);
        for (String user : s.userIds) {
            BotVerdict v = new BotVerdict();
            v.userId = user;
            v.ip = s.ip;
            v.stage = BotVerdict.SIGNAL;
            v.score = w;
            v.signalScore = w;
            v.verdict = w >= 0.5 ? BotVerdict.BOT : BotVerdict.HUMAN;
            v.reasons = List.of(s.patternId, s.key);
            v.ts = s.ts;
            v.decidedAt = System.currentTimeMillis();
            out.collect(v);
        }
    }
}
