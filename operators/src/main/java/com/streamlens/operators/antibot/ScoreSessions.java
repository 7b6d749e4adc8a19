package com.streamlens.operators.antibot;

import com.streamlens.operators.nd4j.Nd4jThreads;
import com.streamlens.operators.rollout.RolloutFunction;
import com.streamlens.operators.runtime.BatchFunction;
import com.streamlens.state.records.SessionCase;
import java.util.List;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MeterView;
import org.apache.flink.metrics.MetricGroup;

/**
 * Decides each session of a micro-batch by the {@link VerdictRule}, on the bot probability of the session model that
 * decides for its visitor (the serving one, or a rollout's candidate in its slice).
 */
public class ScoreSessions implements RolloutFunction<SessionCase, SessionModelKind.Score, SessionCase> {
    private final VerdictRule rule;
    private transient Counter scored;
    private transient Counter bots;

    public ScoreSessions(AntibotSettings.PatternWeights weights) {
        this.rule = new VerdictRule(weights);
    }

    @Override
    public void open(MetricGroup metrics) {
        Nd4jThreads.onePerCallUnlessConfigured();
        scored = metrics.counter("sessionsScored");
        bots = metrics.counter("botVerdicts");
        metrics.meter("sessionsScoredPerSecond", new MeterView(scored));
    }

    @Override
    public void emit(List<SessionCase> batch, List<Decision<SessionModelKind.Score>> decisions, BatchFunction.Results<SessionCase> out) {
        long now = System.currentTimeMillis();
        for (int i = 0; i < batch.size(); i++) {
            SessionCase c = batch.get(i);
            SessionModelKind.Score s = decisions.get(i).result();
            rule.decide(c.fast, c.features, s.probability(), s.model());
            c.fast.decidedAt = now;
            if (c.fast.isBot()) bots.inc();
            out.emit(i, c);
        }
        scored.inc(batch.size());
    }
}
