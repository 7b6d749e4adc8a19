package com.streamlens.operators.abtest;

import com.streamlens.state.records.AbMetric;
import com.streamlens.state.records.Moments;
import com.streamlens.state.records.VariantMoments;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns one experiment's running moments into its statistics rows: per variant and metric the
 * descriptive figures and, against control, the fixed-horizon test, relative lift, the always-valid
 * sequential test, CUPED and chance to beat control; per experiment the SRM check against its declared
 * allocation.
 *
 * <p>The sequential test's normal mixture N(0, τ²) has τ = {@code tauStd} per-user standard deviations of the
 * metric, on the metric's own scale: τ² = tauStd²·σ², σ² the per-user variance pooled over the two variants (for the
 * ratio metric, of its delta-method linearisation y − R·x over x̄). σ² is an estimate that settles as users arrive,
 * so the mixture does not shrink with n the way a multiple of the estimate's own variance would.
 */
public class ExperimentReport implements Serializable {
    public static final double SRM_ALPHA = 0.001;

    private final String control;
    private final double alpha;
    /** mSPRT mixing standard deviation in units of the metric's per-user standard deviation. */
    private final double tauStd;
    /** Per experiment: variant → its share of the traffic as designed (any positive weights); undeclared: equal. */
    private final Map<String, Map<String, Double>> allocations;

    public ExperimentReport(String control, double alpha, double tauStd) {
        this(control, alpha, tauStd, Map.of());
    }

    public ExperimentReport(String control, double alpha, double tauStd, Map<String, Map<String, Double>> allocations) {
        this.control = control;
        this.alpha = alpha;
        this.tauStd = tauStd;
        this.allocations = Map.copyOf(allocations);
    }

    /**
     * @param minSeqP   running minimum of each "variant|metric"'s sequential p-value, updated here: the always-valid
     *                  p-value is the minimum over all looks so far
     * @param seqBounds running intersection {low, high} of each "variant|metric"'s confidence sequence, updated here:
     *                  the always-valid interval is the intersection over all looks so far, so it excludes 0 from the
     *                  look at which the p-value first falls below α
     */
    public List<AbStat> report(String experiment, Map<String, VariantMoments> byVariant, Map<String, Double> minSeqP,
                               Map<String, double[]> seqBounds, long now) {
        TreeMap<String, VariantMoments> variants = new TreeMap<>(byVariant);
        double srmP = srmPValue(experiment, variants);
        VariantMoments c = variants.get(control);

        List<AbStat> rows = new ArrayList<>();
        for (Map.Entry<String, VariantMoments> e : variants.entrySet()) {
            String variant = e.getKey();
            VariantMoments v = e.getValue();
            boolean compare = c != null && !variant.equals(control);
            for (AbMetric m : AbMetric.values()) {
                AbStat row = base(experiment, variant, m.wireName, m.isRate ? "rate" : "mean", v, srmP, now);
                Moments mv = v.metrics[m.ordinal()];
                row.mean = finite(mv.meanY);
                row.variance = finite(mv.varianceY());
                row.sum = mv.n * mv.meanY;
                row.sumSquares = mv.m2y + mv.n * mv.meanY * mv.meanY;
                if (compare) compareMetric(row, c.metrics[m.ordinal()], mv, m.isRate, minSeqP, seqBounds);
                rows.add(row);
            }
            AbStat ratio = base(experiment, variant, AbMetric.REVENUE_PER_SESSION, "ratio", v, srmP, now);
            double[] r1 = ratioOf(v.revenuePerSession);
            ratio.mean = finite(r1[0]);
            ratio.variance = finite(r1[1]);
            if (compare) compareRatio(ratio, c.revenuePerSession.n, ratioOf(c.revenuePerSession), v.revenuePerSession.n, r1, minSeqP, seqBounds);
            rows.add(ratio);
        }
        return rows;
    }

    /** SRM: χ² of the users per variant against the experiment's declared allocation; a variant it does not declare is a mismatch. */
    private double srmPValue(String experiment, TreeMap<String, VariantMoments> variants) {
        Map<String, Double> declared = allocations.get(experiment);
        long[] counts = new long[variants.size()];
        double[] design = new double[variants.size()];
        int i = 0;
        for (Map.Entry<String, VariantMoments> e : variants.entrySet()) {
            counts[i] = e.getValue().users;
            if (declared == null) {
                design[i] = 1.0;
            } else {
                Double w = declared.get(e.getKey());
                if (w == null) return e.getValue().users > 0 ? 0.0 : Double.NaN;
                design[i] = w;
            }
            i++;
        }
        return AbMath.srmPValue(counts, design);
    }

    private void compareMetric(AbStat row, Moments c, Moments t, boolean isRate, Map<String, Double> minSeqP,
                               Map<String, double[]> seqBounds) {
        if (c.n < 2 || t.n < 2) return;
        SampleStats sc = new SampleStats(c.n, c.meanY, c.varianceY());
        SampleStats st = new SampleStats(t.n, t.meanY, t.varianceY());
        double[] test = isRate
                ? AbMath.twoProportions(Math.round(c.meanY * c.n), c.n, Math.round(t.meanY * t.n), t.n, alpha)
                : AbMath.welch(sc, st, alpha);
        double varDiff = sc.varianceOfMean() + st.varianceOfMean();
        fill(row, sc.mean(), test, AbMath.relativeLift(sc.mean(), sc.varianceOfMean(), st.mean(), st.varianceOfMean(), alpha));
        double perUserVar = (sc.variance() + st.variance()) / 2;
        sequential(row, test[0], varDiff, perUserVar, minSeqP, seqBounds);
        row.chanceToBeatControl = finite(AbMath.chanceToBeat(test[0], varDiff));

        Moments pooled = Moments.combine(c, t);
        double varX = pooled.varianceX();
        if (varX > 0) {
            double theta = pooled.covarianceXY() / varX;
            SampleStats ac = AbMath.cuped(c.n, c.meanX, c.meanY, c.varianceX(), c.varianceY(), c.covarianceXY(), theta, pooled.meanX);
            SampleStats at = AbMath.cuped(t.n, t.meanX, t.meanY, t.varianceX(), t.varianceY(), t.covarianceXY(), theta, pooled.meanX);
            double[] cuped = AbMath.welch(ac, at, alpha);
            row.cupedDiff = finite(cuped[0]);
            row.cupedLow = finite(cuped[1]);
            row.cupedHigh = finite(cuped[2]);
            row.cupedPValue = finite(cuped[3]);
        }
    }

    private void compareRatio(AbStat row, long nc, double[] rc, long nt, double[] rt, Map<String, Double> minSeqP,
                              Map<String, double[]> seqBounds) {
        if (Double.isNaN(rc[0]) || Double.isNaN(rt[0])) return;
        double varDiff = rc[1] + rt[1];
        double[] test = AbMath.zTest(rt[0] - rc[0], varDiff, alpha);
        fill(row, rc[0], test, AbMath.relativeLift(rc[0], rc[1], rt[0], rt[1], alpha));
        // Per-user scale of the ratio: n·Var(R̂), the variance of one user's linearised value (y − R·x)/x̄.
        double perUserVar = (nc * rc[1] + nt * rt[1]) / 2;
        sequential(row, test[0], varDiff, perUserVar, minSeqP, seqBounds);
        row.chanceToBeatControl = finite(AbMath.chanceToBeat(test[0], varDiff));
    }

    private void sequential(AbStat row, double diff, double varDiff, double perUserVar, Map<String, Double> minSeqP,
                            Map<String, double[]> seqBounds) {
        double[] seq = AbMath.msprt(diff, varDiff, tauStd * tauStd * perUserVar, alpha);
        if (Double.isNaN(seq[0])) return;
        String key = row.variant + "|" + row.metric;
        double p = Math.min(seq[0], minSeqP.getOrDefault(key, 1.0));
        minSeqP.put(key, p);
        row.seqPValue = p;
        double[] before = seqBounds.get(key);
        double low = before == null ? seq[1] : Math.max(before[0], seq[1]);
        double high = before == null ? seq[2] : Math.min(before[1], seq[2]);
        seqBounds.put(key, new double[] {low, high});
        // An empty intersection (the looks disagree beyond their own error) leaves no interval to show.
        row.seqLow = low <= high ? finite(low) : null;
        row.seqHigh = low <= high ? finite(high) : null;
    }

    private static void fill(AbStat row, double controlMean, double[] test, double[] lift) {
        row.controlMean = finite(controlMean);
        row.diff = finite(test[0]);
        row.diffLow = finite(test[1]);
        row.diffHigh = finite(test[2]);
        row.pValue = finite(test[3]);
        row.lift = finite(lift[0]);
        row.liftLow = finite(lift[1]);
        row.liftHigh = finite(lift[2]);
    }

    private static double[] ratioOf(Moments m) {
        return AbMath.ratio(m.n, m.meanX, m.meanY, m.varianceX(), m.varianceY(), m.covarianceXY());
    }

    private static AbStat base(String experiment, String variant, String metric, String kind, VariantMoments v, double srmP, long now) {
        AbStat row = new AbStat();
        row.experiment = experiment;
        row.variant = variant;
        row.metric = metric;
        row.kind = kind;
        row.users = v.users;
        row.multipleExposureRate = v.users == 0 ? 0 : (double) v.multipleExposures / v.users;
        row.srmPValue = finite(srmP);
        row.srm = srmP < SRM_ALPHA;
        row.updatedAt = now;
        return row;
    }

    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }
}
