package com.streamlens.operators.rollout;

/** The shadow-scored evidence of one gate window, summed over the scoring subtasks' reports (the judge's keyed state). */
public class GateWindow {
    public long[] serving = new long[ScoreHistogram.BINS];
    public long[] candidate = new long[ScoreHistogram.BINS];
    public long servingPositives;
    public long candidatePositives;

    public GateWindow() {}

    void add(RolloutObservation o) {
        for (int i = 0; i < ScoreHistogram.BINS; i++) {
            serving[i] += o.serving[i];
            candidate[i] += o.candidate[i];
        }
        servingPositives += o.servingPositives;
        candidatePositives += o.candidatePositives;
    }

    RolloutGate.Evidence evidence() {
        return new RolloutGate.Evidence(serving, candidate, servingPositives, candidatePositives);
    }
}
