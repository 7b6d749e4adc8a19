package com.streamlens.operators.rollout;

import com.streamlens.state.records.RolloutPlan;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The gate of a rollout stage, Kayenta-style: the candidate against the serving model on the same shadow-scored
 * inputs. It passes when the score distributions are close (Jensen–Shannon, PSI), the positive rate moved by less than
 * the plan's relative bound, and a Mann–Whitney test finds no shift with an effect size that matters (a large sample
 * makes any shift significant; the effect bound keeps trivial ones from failing). Too few events or too little time:
 * inconclusive, and the rollout holds.
 */
public final class RolloutGate {
    public enum Outcome { PASS, FAIL, INCONCLUSIVE }

    /** One gate window's shadow-scored evidence. */
    public record Evidence(long[] serving, long[] candidate, long servingPositives, long candidatePositives) {
        public long events() {
            return ScoreHistogram.total(candidate);
        }
    }

    /** The window's comparison. */
    public record Figures(long events, double js, double psi, double positiveRateServing, double positiveRateCandidate,
                          double mannWhitneyP, double effectSize) {}

    public record Verdict(Outcome outcome, String reason, Figures figures) {}

    private RolloutGate() {}

    public static Figures figures(Evidence e) {
        long n = e.events();
        ScoreHistogram.MannWhitney mw = ScoreHistogram.mannWhitney(e.serving(), e.candidate());
        return new Figures(n, ScoreHistogram.jensenShannon(e.serving(), e.candidate()),
                ScoreHistogram.populationStability(e.serving(), e.candidate()),
                n == 0 ? 0 : (double) e.servingPositives() / n, n == 0 ? 0 : (double) e.candidatePositives() / n, mw.p(), mw.effectSize());
    }

    /** Judges a window that has dwelt {@code dwellMs} at its stage. */
    public static Verdict judge(Evidence e, long dwellMs, RolloutPlan plan) {
        Figures f = figures(e);
        if (f.events() < plan.minEvents || dwellMs < plan.minDwellSeconds * 1000) {
            return new Verdict(Outcome.INCONCLUSIVE, String.format(Locale.ROOT, "holding: %d of %d events, %d of %d s",
                    f.events(), plan.minEvents, dwellMs / 1000, plan.minDwellSeconds), f);
        }
        List<String> failed = new ArrayList<>();
        if (f.js() > plan.jsMax) failed.add(String.format(Locale.ROOT, "JS divergence %.3f > %.3f", f.js(), plan.jsMax));
        if (f.psi() > plan.psiMax) failed.add(String.format(Locale.ROOT, "PSI %.3f > %.3f", f.psi(), plan.psiMax));
        double change = Math.abs(f.positiveRateCandidate() - f.positiveRateServing()) / Math.max(f.positiveRateServing(), plan.positiveRateFloor);
        if (change > plan.positiveRateBound) {
            failed.add(String.format(Locale.ROOT, "positive rate %.4f vs %.4f serving (relative change %.2f > %.2f)",
                    f.positiveRateCandidate(), f.positiveRateServing(), change, plan.positiveRateBound));
        }
        if (f.mannWhitneyP() < plan.mannWhitneyAlpha && Math.abs(f.effectSize() - 0.5) > plan.mannWhitneyEffect) {
            failed.add(String.format(Locale.ROOT, "Mann-Whitney p %.2g < %.2g with effect size A %.3f (|A - 0.5| > %.2f)",
                    f.mannWhitneyP(), plan.mannWhitneyAlpha, f.effectSize(), plan.mannWhitneyEffect));
        }
        String summary = String.format(Locale.ROOT, "%d events: JS %.3f, PSI %.3f, positive rate %.4f vs %.4f, Mann-Whitney p %.2g, A %.3f",
                f.events(), f.js(), f.psi(), f.positiveRateCandidate(), f.positiveRateServing(), f.mannWhitneyP(), f.effectSize());
        return failed.isEmpty()
                ? new Verdict(Outcome.PASS, "gate passed on " + summary, f)
                : new Verdict(Outcome.FAIL, "gate failed: " + String.join("; ", failed) + " (" + summary + ")", f);
    }
}
