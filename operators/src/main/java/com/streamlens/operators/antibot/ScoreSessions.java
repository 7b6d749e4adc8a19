package com.streamlens.operators.antibot;

import com.streamlens.operators.nd4j.Nd4jThreads;
import com.streamlens.operators.runtime.BatchFunction;
import com.streamlens.state.records.SessionCase;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MeterView;
import org.apache.flink.metrics.MetricGroup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Scores a micro-batch of session cases with the session model (one forward pass) and decides each by the {@link VerdictRule}. */
public class ScoreSessions implements BatchFunction<SessionCase, SessionCase> {
    private static final Logger LOG = LoggerFactory.getLogger(ScoreSessions.class);

    private final String modelLocation;
    private final VerdictRule rule;
    private transient SessionModel model;
    private transient Counter scored;
    private transient Counter bots;

    public ScoreSessions(String modelLocation, AntibotSettings.PatternWeights weights) {
        this.modelLocation = modelLocation;
        this.rule = new VerdictRule(weights);
    }

    @Override
    public void open(MetricGroup metrics) {
        Nd4jThreads.onePerCallUnlessConfigured();
        model = AntibotModelArtefact.load(modelLocation);
        LOG.info("antibot session model {} from {} in use (threshold {})", model.version(), modelLocation, model.threshold());
        scored = metrics.counter("sessionsScored");
        bots = metrics.counter("botVerdicts");
        metrics.meter("sessionsScoredPerSecond", new MeterView(scored));
        metrics.gauge("modelVersion", () -> model.version());
    }

    @Override
    public void process(List<SessionCase> batch, Results<SessionCase> out) {
        List<float[]> rows = new ArrayList<>(batch.size());
        for (SessionCase c : batch) rows.add(c.features);
        double[] p = model.score(rows);
        long now = System.currentTimeMillis();
        for (int i = 0; i < p.length; i++) {
            SessionCase c = batch.get(i);
            rule.decide(c.fast, c.features, p[i], model);
            c.fast.decidedAt = now;
            if (c.fast.isBot()) bots.inc();
            out.emit(i, c);
        }
        scored.inc(p.length);
    }
}
