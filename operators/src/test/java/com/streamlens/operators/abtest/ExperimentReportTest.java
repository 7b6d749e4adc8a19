package com.streamlens.operators.abtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.streamlens.state.records.AbMetric;
import com.streamlens.state.records.VariantMoments;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.commons.math3.stat.StatUtils;
import org.apache.commons.math3.stat.correlation.Covariance;
import org.junit.jupiter.api.Test;

/** The report's sequential figures and SRM against independent computations from the users' raw values. */
class ExperimentReportTest {
    static final double ALPHA = 0.05;

    static double[] user(double sessions, double revenue) {
        double[] v = new double[AbMetric.values().length];
        v[AbMetric.SESSIONS.ordinal()] = sessions;
        v[AbMetric.REVENUE.ordinal()] = revenue;
        v[AbMetric.CONVERSION.ordinal()] = revenue > 0 ? 1 : 0;
        return v;
    }

    static AbStat row(List<AbStat> rows, String variant, String metric) {
        return rows.stream().filter(r -> r.variant.equals(variant) && r.metric.equals(metric)).findFirst().orElseThrow();
    }

    /** The delta-method variance of Σy/Σx computed from the raw values (Deng et al. 2018), written out again. */
    static double ratioVariance(double[] x, double[] y) {
        double mx = StatUtils.mean(x), r = StatUtils.sum(y) / StatUtils.sum(x);
        double cov = new Covariance().covariance(x, y);
        return (StatUtils.variance(y) - 2 * r * cov + r * r * StatUtils.variance(x)) / (x.length * mx * mx);
    }

    @Test
    void theRatioMetricsSequentialTestMixesOverAFixedVarianceOnThePerUserScale() {
        Random rnd = new Random(5);
        Map<String, double[][]> raw = new HashMap<>();
        Map<String, VariantMoments> arms = new HashMap<>();
        int[] sizes = {400, 700};
        String[] names = {"control", "treatment"};
        for (int a = 0; a < 2; a++) {
            double[] sessions = new double[sizes[a]], revenue = new double[sizes[a]];
            VariantMoments vm = VariantMoments.empty();
            for (int i = 0; i < sizes[a]; i++) {
                sessions[i] = 1 + rnd.nextInt(4);
                revenue[i] = rnd.nextDouble() < 0.2 ? sessions[i] * (30 + 10 * rnd.nextGaussian() + a * 3) : 0;
                AggregateExperiment.applyChange(vm, new AbUserChange("e", names[a], null, user(sessions[i], revenue[i]), 0, false));
            }
            raw.put(names[a], new double[][] {sessions, revenue});
            arms.put(names[a], vm);
        }
        double tau = 0.7;
        AbStat ratio = row(new ExperimentReport("control", ALPHA, tau).report("e", arms, new HashMap<>(), new HashMap<>(), 0),
                "treatment", AbMetric.REVENUE_PER_SESSION);

        double[][] c = raw.get("control"), t = raw.get("treatment");
        double rc = StatUtils.sum(c[1]) / StatUtils.sum(c[0]), rt = StatUtils.sum(t[1]) / StatUtils.sum(t[0]);
        double vc = ratioVariance(c[0], c[1]), vt = ratioVariance(t[0], t[1]);
        double perUserVariance = (c[0].length * vc + t[0].length * vt) / 2; // one user's linearised value, pooled
        double expected = MixtureLikelihood.pValue(rt - rc, vc + vt, tau * tau * perUserVariance);
        assertThat(ratio.diff).isCloseTo(rt - rc, within(1e-9));
        assertThat(ratio.seqPValue).isCloseTo(expected, within(1e-6 + 1e-6 * expected));
    }

    @Test
    void theIntervalIsTheRunningIntersectionAndExcludesZeroWheneverThePValueIsBelowAlpha() {
        ExperimentReport report = new ExperimentReport("control", ALPHA, 1.0);
        Random rnd = new Random(17);
        Map<String, VariantMoments> arms = new HashMap<>(Map.of("control", VariantMoments.empty(), "treatment", VariantMoments.empty()));
        Map<String, Double> minP = new HashMap<>();
        Map<String, double[]> bounds = new HashMap<>();
        double low = Double.NEGATIVE_INFINITY, high = Double.POSITIVE_INFINITY;
        int rejectedLooks = 0;
        for (int look = 0; look < 200; look++) {
            for (int u = 0; u < 20; u++) {
                for (String arm : List.of("control", "treatment")) {
                    double revenue = Math.max(0, 50 + 40 * rnd.nextGaussian() + (arm.equals("treatment") ? 6 : 0));
                    AggregateExperiment.applyChange(arms.get(arm), new AbUserChange("e", arm, null, user(1, revenue), 0, false));
                }
            }
            AbStat r = row(report.report("e", arms, minP, bounds, 0), "treatment", "revenue");
            if (r.seqLow == null) continue;
            assertThat(r.seqLow).as("look %d: never wider than before", look).isGreaterThanOrEqualTo(low);
            assertThat(r.seqHigh).as("look %d", look).isLessThanOrEqualTo(high);
            low = r.seqLow;
            high = r.seqHigh;
            if (r.seqPValue < ALPHA) {
                rejectedLooks++;
                assertThat(r.seqLow > 0 || r.seqHigh < 0).as("look %d: p %s < α with [%s, %s]", look, r.seqPValue, r.seqLow, r.seqHigh).isTrue();
            }
        }
        assertThat(rejectedLooks).as("the +6 effect is found (else the invariant was never exercised)").isPositive();
    }

    @Test
    void srmComparesTheUsersPerVariantWithTheDeclaredAllocation() {
        Map<String, VariantMoments> arms = new HashMap<>();
        for (var e : Map.of("control", 900, "treatment", 100).entrySet()) {
            VariantMoments vm = VariantMoments.empty();
            for (int i = 0; i < e.getValue(); i++) AggregateExperiment.applyChange(vm, new AbUserChange("e", e.getKey(), null, user(1, 0), 0, false));
            arms.put(e.getKey(), vm);
        }
        AbStat equal = row(new ExperimentReport("control", ALPHA, 1.0).report("e", arms, new HashMap<>(), new HashMap<>(), 0), "treatment", "revenue");
        assertThat(equal.srm).as("900/100 against an equal split").isTrue();

        var declared = Allocations.parse("e=control:90,treatment:10");
        AbStat ninetyTen = row(new ExperimentReport("control", ALPHA, 1.0, declared).report("e", arms, new HashMap<>(), new HashMap<>(), 0),
                "treatment", "revenue");
        assertThat(ninetyTen.srm).as("900/100 against its declared 90/10").isFalse();
        assertThat(ninetyTen.srmPValue).isCloseTo(1.0, within(1e-9));

        var otherVariant = Allocations.parse("e=control:90,other:10");
        assertThat(row(new ExperimentReport("control", ALPHA, 1.0, otherVariant).report("e", arms, new HashMap<>(), new HashMap<>(), 0),
                "treatment", "revenue").srm).as("a variant the allocation does not declare").isTrue();
    }
}
