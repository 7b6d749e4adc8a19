package com.streamlens.operators.churn;

import com.streamlens.operators.nd4j.Nd4jThreads;
import com.streamlens.operators.rollout.RolloutFunction;
import com.streamlens.operators.runtime.BatchFunction;
import com.streamlens.state.records.ChurnCase;
import com.streamlens.state.records.ChurnScore;
import java.util.List;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MeterView;
import org.apache.flink.metrics.MetricGroup;

/**
 * Turns a micro-batch of due customers, scored by the churn model that decides for each (the serving one, or a
 * rollout's candidate in its slice) with their top three reasons, into churn scores.
 */
public class ScoreChurn implements RolloutFunction<ChurnCase, ChurnModel.Explained, ChurnScore> {
    static final int TOP_FEATURES = 3;

    private transient Counter scored;
    private transient volatile double lastMeanProbability;

    @Override
    public void open(MetricGroup metrics) {
        Nd4jThreads.onePerCallUnlessConfigured();
        scored = metrics.counter("customersScored");
        metrics.meter("customersScoredPerSecond", new MeterView(scored));
        metrics.gauge("lastBatchMeanProbability", () -> lastMeanProbability);
    }

    @Override
    public void emit(List<ChurnCase> batch, List<Decision<ChurnModel.Explained>> decisions, BatchFunction.Results<ChurnScore> out) {
        long now = System.currentTimeMillis();
        double sum = 0;
        for (int i = 0; i < batch.size(); i++) {
            ChurnCase c = batch.get(i);
            Decision<ChurnModel.Explained> d = decisions.get(i);
            ChurnScore s = new ChurnScore();
            s.userId = c.userId;
            s.siteId = c.siteId;
            s.probability = d.result().probability();
            s.topFeatures = d.result().top();
            s.modelVersion = d.modelVersion();
            s.asOf = c.asOf;
            s.trigger = c.trigger;
            s.scoredAt = now;
            sum += s.probability;
            out.emit(i, s);
        }
        lastMeanProbability = sum / Math.max(1, batch.size());
        scored.inc(batch.size());
    }
}
