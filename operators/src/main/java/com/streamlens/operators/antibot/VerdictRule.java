package com.streamlens.operators.antibot;

import com.streamlens.state.records.BotVerdict;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * The fast verdict: the model's probability and the session's CEP signals combined by a noisy-OR. The model's
 * probability is first moved so that its decision threshold t sits at ½, p̃ = σ(logit p − logit t); then
 * score = 1 − (1 − p̃) · Π_k (1 − w_k) over the patterns k that matched in the session, and the verdict is bot when
 * score ≥ ½. So the model alone decides as it was calibrated, a pattern of weight ≥ ½ decides alone, and no piece of
 * evidence can lower another. Reasons: the matched pattern ids, then the two features furthest from the training mean
 * (in standard deviations).
 */
public final class VerdictRule implements Serializable {
    private final AntibotSettings.PatternWeights weights;

    public VerdictRule(AntibotSettings.PatternWeights weights) {
        this.weights = weights;
    }

    /** Fills score, model score, signal score, verdict and reasons of {@code v}. */
    public void decide(BotVerdict v, float[] features, double modelScore, SessionModel model) {
        double keep = 1;
        List<String> reasons = new ArrayList<>(4);
        for (int k = 0; k < BotPatterns.SESSION_PATTERNS.length; k++) {
            if (features[SessionFeatures.SIGNALS_AT + k] > 0) {
                keep *= 1 - weights.of(BotPatterns.SESSION_PATTERNS[k]);
                reasons.add(BotPatterns.SESSION_PATTERNS[k]);
            }
        }
        v.signalScore = 1 - keep;
        v.modelScore = modelScore;
        v.score = 1 - (1 - atThreshold(modelScore, model.threshold())) * keep;
        v.verdict = v.score >= 0.5 ? BotVerdict.BOT : BotVerdict.HUMAN;
        float[] z = model.z(features);
        int first = -1, second = -1;
        for (int j = 0; j < SessionFeatures.SIGNALS_AT; j++) {
            float a = Math.abs(z[j]);
            if (first < 0 || a > Math.abs(z[first])) {
                second = first;
                first = j;
            } else if (second < 0 || a > Math.abs(z[second])) {
                second = j;
            }
        }
        reasons.add(SessionFeatures.NAMES.get(first));
        reasons.add(SessionFeatures.NAMES.get(second));
        v.reasons = reasons;
        v.modelVersion = model.version();
    }

    /** p̃ = σ(logit p − logit t): the model's probability on a scale where its threshold is ½ (p clamped into (0, 1)). */
    static double atThreshold(double p, double t) {
        double q = Math.min(1 - 1e-12, Math.max(1e-12, p));
        double logit = Math.log(q / (1 - q)) - Math.log(t / (1 - t));
        return 1 / (1 + Math.exp(-logit));
    }
}
