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
 * sequential test, CUPED and chance to beat control; per experiment the SRM check.
 */
public class ExperimentReport implements Serializable {
    public static final double SRM_ALPHA = 0.001;

    private final String control;
    private final double alpha;
    /** mSPRT mixing standard deviation in units of the metric's per-user standard deviation. */
    private final double tauStd;

    public ExperimentReport(String control, double alpha, double tauStd) {
        this.control = control;
        this.alpha = alpha;
        this.tauStd = tauStd;
    }

    /**
     * @param minSeqP running minimum of each variant/metric's sequential p-value, updated here: the
     *                always-valid p-value is the minimum over all looks so far
     */
    public List<AbStat> report(String experiment, Map<String, VariantMoments> byVariant, Map<String, Double> minSeqP, long now) {
        TreeMap<String, VariantMoments> variants = new TreeMap<>(byVariant);
        long[] counts = variants.values().stream().mapToLong(v -> v.users).toArray();
        double[] equalDesign = new double[counts.length];
        java.util.Arrays.fill(equalDesign, 1.0);
        double srmP = AbMath.srmPValue(counts, equalDesign);
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
                if (compare) compareMetric(row, c.metrics[m.ordinal()], mv, m.isRate, minSeqP);
                rows.add(row);
            }
            AbStat ratio = base(experiment, variant, AbMetric.REVENUE_PER_SESSION, "ratio", v, srmP, now);
            double[] r1 = ratioOf(v.revenuePerSession);
            ratio.mean = finite(r1[0]);
            ratio.variance = finite(r1[1]);
            if (compare) compareRatio(ratio, ratioOf(c.revenuePerSession), r1, minSeqP);
            rows.add(ratio);
        }
        return rows;
    }

    private void compareMetric(AbStat row, Moments c, Moments t, boolean isRate, Map<String, Double> minSeqP) {
        if (c.n < 2 || t.n < 2) return;
        SampleStats sc = new SampleStats(c.n, c.meanY, c.varianceY());
        SampleStats st = new SampleStats(t.n, t.meanY, t.varianceY());
        double[] test = isRate
                ? AbMath.twoProportions(Math.round(c.meanY * c.n), c.n, Math.round(t.meanY * t.n), t.n, alpha)
                : AbMath.welch(sc, st, alpha);
        double varDiff = sc.varianceOfMean() + st.varianceOfMean();
        fill(row, sc.mean(), test, AbMath.relativeLift(sc.mean(), sc.varianceOfMean(), st.mean(), st.varianceOfMean(), alpha));
        double perUserVar = (sc.variance() + st.variance()) / 2;
        sequential(row, test[0], varDiff, perUserVar, minSeqP);
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

    private void compareRatio(AbStat row, double[] rc, double[] rt, Map<String, Double> minSeqP) {
        if (Double.isNaN(rc[0]) || Double.isNaN(rt[0])) return;
        double varDiff = rc[1] + rt[1];
        double[] test = AbMath.zTest(rt[0] - rc[0], varDiff, alpha);
        fill(row, rc[0], test, AbMath.relativeLift(rc[0], rc[1], rt[0], rt[1], alpha));
        // The ratio's per-user scale is unknown here; the mixture is set relative to the estimate's own spread.
        sequential(row, test[0], varDiff, varDiff, minSeqP);
        row.chanceToBeatControl = finite(AbMath.chanceToBeat(test[0], varDiff));
    }

    private void sequential(AbStat row, double diff, double varDiff, double perUserVar, Map<String, Double> minSeqP) {
        double[] seq = AbMath.msprt(diff, varDiff, tauStd * tauStd * perUserVar, alpha);
        if (Double.isNaN(seq[0])) return;
        String key = row.variant + "|" + row.metric;
        double p = Math.min(seq[0], minSeqP.getOrDefault(key, 1.0));
        minSeqP.put(key, p);
        row.seqPValue = p;
        row.seqLow = finite(seq[1]);
        row.seqHigh = finite(seq[2]);
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
