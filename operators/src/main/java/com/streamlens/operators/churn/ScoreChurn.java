package com.streamlens.operators.churn;

import com.streamlens.operators.nd4j.Nd4jThreads;
import com.streamlens.operators.runtime.BatchFunction;
import com.streamlens.state.records.ChurnCase;
import com.streamlens.state.records.ChurnScore;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MeterView;
import org.apache.flink.metrics.MetricGroup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Scores a micro-batch of due customers with the churn model (one forward pass) and names each one's top three reasons. */
public class ScoreChurn implements BatchFunction<ChurnCase, ChurnScore> {
    private static final Logger LOG = LoggerFactory.getLogger(ScoreChurn.class);
    static final int TOP_FEATURES = 3;

    private final String modelLocation;
    private transient ChurnModel model;
    private transient Counter scored;
    private transient volatile double lastMeanProbability;

    public ScoreChurn(String modelLocation) {
        this.modelLocation = modelLocation;
    }

    @Override
    public void open(MetricGroup metrics) {
        Nd4jThreads.onePerCallUnlessConfigured();
        model = ChurnModelArtefact.load(modelLocation);
        LOG.info("churn model {} from {} in use", model.version(), modelLocation);
        scored = metrics.counter("customersScored");
        metrics.meter("customersScoredPerSecond", new MeterView(scored));
        metrics.gauge("modelVersion", () -> model.version());
        metrics.gauge("lastBatchMeanProbability", () -> lastMeanProbability);
    }

    @Override
    public void process(List<ChurnCase> batch, Results<ChurnScore> out) {
        List<float[]> rows = new ArrayList<>(batch.size());
        for (ChurnCase c : batch) rows.add(c.features);
        List<ChurnModel.Explained> explained = model.explain(rows, TOP_FEATURES);
        long now = System.currentTimeMillis();
        double sum = 0;
        for (int i = 0; i < explained.size(); i++) {
            ChurnCase c = batch.get(i);
            ChurnScore s = new ChurnScore();
            s.userId = c.userId;
            s.siteId = c.siteId;
            s.probability = explained.get(i).probability();
            s.topFeatures = explained.get(i).top();
            s.modelVersion = model.version();
            s.asOf = c.asOf;
            s.trigger = c.trigger;
            s.scoredAt = now;
            sum += s.probability;
            out.emit(i, s);
        }
        lastMeanProbability = sum / Math.max(1, explained.size());
        scored.inc(explained.size());
    }
}
