package com.streamlens.operators.antibot;

import com.streamlens.operators.rollout.ModelKind;
import com.streamlens.operators.rollout.ModelScorer;
import com.streamlens.state.records.BotVerdict;
import com.streamlens.state.records.SessionCase;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The antibot's session model as the rollout machinery sees it (model name {@value #NAME}): the gate compares the
 * model's bot probabilities and its own decisions at its threshold (before the CEP signals are combined in, so it
 * judges the model, not the traffic's patterns). Feature names are checked at load, as for the job's own model.
 */
public final class SessionModelKind implements ModelKind<SessionCase, SessionModelKind.Score> {
    public static final String NAME = "antibot";

    /** A session's bot probability and the model that gave it (the verdict rule reads its threshold and standardisation). */
    public record Score(double probability, SessionModel model) {}

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public ModelScorer<SessionCase, Score> openServing(String location) {
        return new Scorer(AntibotModelArtefact.load(location));
    }

    @Override
    public ModelScorer<SessionCase, Score> load(Path dir) {
        return new Scorer(AntibotModelArtefact.load(dir));
    }

    /** Feature rows of every shape: all zero, all one, large counts, a burst of signals. */
    @Override
    public List<SessionCase> canary() {
        int n = SessionFeatures.NAMES.size();
        List<SessionCase> out = new ArrayList<>();
        for (float v : new float[] {0, 1, 1_000}) {
            float[] f = new float[n];
            Arrays.fill(f, v);
            out.add(canary(f));
        }
        float[] signals = new float[n];
        for (int j = SessionFeatures.SIGNALS_AT; j < n; j++) signals[j] = 3;
        out.add(canary(signals));
        return out;
    }

    private static SessionCase canary(float[] features) {
        SessionCase c = new SessionCase();
        c.fast = new BotVerdict();
        c.fast.userId = "canary";
        c.features = features;
        return c;
    }

    @Override
    public String userOf(SessionCase c) {
        return c.fast.userId;
    }

    private record Scorer(SessionModel model) implements ModelScorer<SessionCase, Score> {
        @Override
        public String version() {
            return model.version();
        }

        @Override
        public List<Score> score(List<SessionCase> batch) {
            List<float[]> rows = new ArrayList<>(batch.size());
            for (SessionCase c : batch) rows.add(c.features);
            double[] p = model.score(rows);
            List<Score> out = new ArrayList<>(p.length);
            for (double x : p) out.add(new Score(x, model));
            return out;
        }

        @Override
        public double gateScore(Score s) {
            return s.probability();
        }

        @Override
        public boolean positive(Score s) {
            return s.probability() >= model.threshold();
        }
    }
}
