package com.streamlens.operators.abtest;

import com.streamlens.state.records.AbMetric;
import com.streamlens.state.records.VariantMoments;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.function.IntConsumer;

/**
 * Experiments simulated through the A/B job's own aggregation and report code, as the job runs them: users arrive
 * over time (a Poisson process) and are assigned 50/50; each user's metric vector is replaced as their sessions, page
 * views, carts and purchases accumulate ({@link AggregateExperiment#applyChange}'s replace path); the statistics are
 * read every {@code lookEveryMs} of simulated time from the second user on, with the running minimum p-value and the
 * running interval intersection the job keeps in state. Per metric it counts the experiments in which the always-valid
 * sequential p-value, and the naive fixed-horizon one, fell below α at any look.
 *
 * <p>A user: on arrival one session and 1 + Poisson(2) page views; then a geometric number of further visits (mean 3),
 * each after an exponential pause (mean 2 min): a new session with probability 0.3, 1 + Poisson(1) page views, an
 * add-to-cart with probability 0.15, a purchase with probability 0.08 (conversion 1, revenue + log-normal, median
 * 33). An effect of {@code effectSd} scales every treatment user's values of metric m by 1 + g_m, with g_m chosen on a
 * pilot of the same model (mean μ_m, standard deviation σ_m) so that the difference of the means is {@code effectSd}
 * pooled per-user standard deviations: g·μ = effectSd·σ·√((1 + (1+g)²)/2). The ratio metric's effect follows from
 * those of revenue and sessions ({@link #ratioEffectSd}). A multiplicative effect grows with a user's activity as a real one does: an additive offset would put
 * it on users who have done nothing yet, when the metrics' spread is still small, and be found far too early.
 */
public final class AbSimulation {
    /** The metrics reported, by their wire names: the per-user metrics and the ratio metric. */
    public static final List<String> METRICS = metricNames();

    public record Config(int experiments, int usersPerExperiment, double arrivalsPerSecond, long lookEveryMs,
                         double alpha, double tau, double effectSd, long seed) {}

    /** Per metric: the share of experiments rejected at some look; how many looks were taken in all. */
    public record Result(Map<String, Double> sequentialRejectRate, Map<String, Double> naiveRejectRate, long looks) {}

    private AbSimulation() {}

    /** Runs the experiments; {@code progress} hears the number of each finished experiment. */
    public static Result run(Config c, IntConsumer progress) {
        double[] lift = new double[AbMetric.values().length];
        if (c.effectSd() != 0) {
            double[][] meanSd = pilot(new Random(c.seed() ^ 0x5DEECE66DL), 20_000);
            for (int m = 0; m < lift.length; m++) lift[m] = liftFor(c.effectSd(), meanSd[0][m], meanSd[1][m]);
        }
        ExperimentReport report = new ExperimentReport("control", c.alpha(), c.tau());
        Map<String, Integer> seqRejected = new LinkedHashMap<>(), naiveRejected = new LinkedHashMap<>();
        for (String m : METRICS) {
            seqRejected.put(m, 0);
            naiveRejected.put(m, 0);
        }
        Random r = new Random(c.seed());
        long looks = 0;
        for (int e = 0; e < c.experiments(); e++) {
            Map<String, Boolean> seq = new HashMap<>(), naive = new HashMap<>();
            looks += experiment(c, report, lift, r, seq, naive);
            for (String m : METRICS) {
                if (seq.getOrDefault(m, false)) seqRejected.merge(m, 1, Integer::sum);
                if (naive.getOrDefault(m, false)) naiveRejected.merge(m, 1, Integer::sum);
            }
            progress.accept(e + 1);
        }
        Map<String, Double> seqRate = new LinkedHashMap<>(), naiveRate = new LinkedHashMap<>();
        for (String m : METRICS) {
            seqRate.put(m, (double) seqRejected.get(m) / c.experiments());
            naiveRate.put(m, (double) naiveRejected.get(m) / c.experiments());
        }
        return new Result(seqRate, naiveRate, looks);
    }

    /** One user's arrival ({@code done} 0) or {@code done}-th further visit of {@code total}, in simulated time. */
    private record Visit(long at, int user, int done, int total) {}

    private static long experiment(Config c, ExperimentReport report, double[] lift, Random r,
                                   Map<String, Boolean> seqRejected, Map<String, Boolean> naiveRejected) {
        Map<String, VariantMoments> arms = new HashMap<>(Map.of("control", VariantMoments.empty(), "treatment", VariantMoments.empty()));
        Map<String, Double> minSeqP = new HashMap<>();
        Map<String, double[]> seqBounds = new HashMap<>();
        int n = c.usersPerExperiment();
        boolean[] treated = new boolean[n];
        double[][] values = new double[n][];
        PriorityQueue<Visit> visits = new PriorityQueue<>((a, b) -> Long.compare(a.at(), b.at()));
        double t = 0;
        for (int u = 0; u < n; u++) {
            t += -Math.log(1 - r.nextDouble()) / c.arrivalsPerSecond() * 1000;
            treated[u] = r.nextBoolean();
            visits.add(new Visit((long) t, u, 0, geometric(r, 3)));
        }
        long nextLook = Long.MAX_VALUE;
        int arrived = 0;
        long looks = 0;
        while (!visits.isEmpty()) {
            Visit v = visits.poll();
            while (v.at() >= nextLook) {
                looks++;
                look(report, arms, minSeqP, seqBounds, c.alpha(), seqRejected, naiveRejected);
                nextLook += c.lookEveryMs();
            }
            boolean treatedUser = treated[v.user()];
            String arm = treatedUser ? "treatment" : "control";
            double[] before = values[v.user()];
            double[] after = before == null ? arrival(r) : visit(r, before);
            if (before == null && ++arrived == 2) nextLook = v.at() + c.lookEveryMs();
            values[v.user()] = after;
            AggregateExperiment.applyChange(arms.get(arm), new AbUserChange("sim", arm,
                    before == null ? null : lifted(before, treatedUser, lift), lifted(after, treatedUser, lift), 0, false));
            if (v.done() < v.total()) {
                visits.add(new Visit(v.at() + (long) (-Math.log(1 - r.nextDouble()) * 120_000), v.user(), v.done() + 1, v.total()));
            }
        }
        looks++;
        look(report, arms, minSeqP, seqBounds, c.alpha(), seqRejected, naiveRejected);
        return looks;
    }

    private static void look(ExperimentReport report, Map<String, VariantMoments> arms, Map<String, Double> minSeqP,
                             Map<String, double[]> seqBounds, double alpha, Map<String, Boolean> seqRejected,
                             Map<String, Boolean> naiveRejected) {
        for (AbStat row : report.report("sim", arms, minSeqP, seqBounds, 0)) {
            if (!row.variant.equals("treatment")) continue;
            if (row.seqPValue != null && row.seqPValue < alpha) seqRejected.put(row.metric, true);
            if (row.pValue != null && row.pValue < alpha) naiveRejected.put(row.metric, true);
        }
    }

    /** g with g·μ = d·σ·√((1 + (1+g)²)/2), by fixed-point iteration (a contraction for the metrics simulated here). */
    static double liftFor(double d, double mean, double sd) {
        double g = d * sd / mean;
        for (int i = 0; i < 100; i++) g = d * sd / mean * Math.sqrt((1 + (1 + g) * (1 + g)) / 2);
        return g;
    }

    /**
     * The effect on revenue per session that lifts of {@code effectSd} on revenue and sessions make, in pooled per-user
     * standard deviations of the ratio's linearisation (y − R·x)/x̄, measured on a pilot of the same model.
     */
    public static double ratioEffectSd(double effectSd, long seed) {
        Random r = new Random(seed ^ 0x5DEECE66DL);
        double[][] meanSd = pilot(r, 20_000);
        int rev = AbMetric.REVENUE.ordinal(), ses = AbMetric.SESSIONS.ordinal();
        double gr = liftFor(effectSd, meanSd[0][rev], meanSd[1][rev]), gs = liftFor(effectSd, meanSd[0][ses], meanSd[1][ses]);
        double rc = meanSd[0][rev] / meanSd[0][ses], rt = rc * (1 + gr) / (1 + gs);
        double[] varLin = new double[2];
        int users = 20_000;
        for (int arm = 0; arm < 2; arm++) {
            double g1 = arm == 0 ? 0 : gr, g2 = arm == 0 ? 0 : gs, ratio = arm == 0 ? rc : rt, sum = 0, sumSq = 0;
            for (int u = 0; u < users; u++) {
                double[] v = finishedUser(r);
                double lin = (v[rev] * (1 + g1) - ratio * v[ses] * (1 + g2)) / (meanSd[0][ses] * (1 + g2));
                sum += lin;
                sumSq += lin * lin;
            }
            varLin[arm] = sumSq / users - Math.pow(sum / users, 2);
        }
        return (rt - rc) / Math.sqrt((varLin[0] + varLin[1]) / 2);
    }

    private static double[] lifted(double[] v, boolean treated, double[] lift) {
        if (!treated) return v;
        double[] out = v.clone();
        for (int m = 0; m < out.length; m++) out[m] *= 1 + lift[m];
        return out;
    }

    /** One user's values once all their visits are over. */
    private static double[] finishedUser(Random r) {
        double[] v = arrival(r);
        for (int left = geometric(r, 3); left > 0; left--) v = visit(r, v);
        return v;
    }

    private static double[] arrival(Random r) {
        double[] v = new double[AbMetric.values().length];
        v[AbMetric.SESSIONS.ordinal()] = 1;
        v[AbMetric.PAGE_VIEWS.ordinal()] = 1 + poisson(r, 2);
        return v;
    }

    private static double[] visit(Random r, double[] before) {
        double[] v = before.clone();
        if (r.nextDouble() < 0.3) v[AbMetric.SESSIONS.ordinal()] += 1;
        v[AbMetric.PAGE_VIEWS.ordinal()] += 1 + poisson(r, 1);
        if (r.nextDouble() < 0.15) v[AbMetric.ADD_TO_CART.ordinal()] += 1;
        if (r.nextDouble() < 0.08) {
            v[AbMetric.CONVERSION.ordinal()] = 1;
            v[AbMetric.REVENUE.ordinal()] += Math.exp(3.5 + 0.8 * r.nextGaussian());
        }
        return v;
    }

    /** Each metric's per-user {mean, standard deviation} once a user's visits are over, over {@code users} simulated users. */
    static double[][] pilot(Random r, int users) {
        int k = AbMetric.values().length;
        double[] sum = new double[k], sumSq = new double[k];
        for (int u = 0; u < users; u++) {
            double[] v = finishedUser(r);
            for (int m = 0; m < k; m++) {
                sum[m] += v[m];
                sumSq[m] += v[m] * v[m];
            }
        }
        double[] mean = new double[k], sd = new double[k];
        for (int m = 0; m < k; m++) {
            mean[m] = sum[m] / users;
            sd[m] = Math.sqrt(Math.max(0, sumSq[m] / users - mean[m] * mean[m]));
        }
        return new double[][] {mean, sd};
    }

    private static int poisson(Random r, double mean) {
        double limit = Math.exp(-mean), p = r.nextDouble();
        int k = 0;
        while (p > limit) {
            p *= r.nextDouble();
            k++;
        }
        return k;
    }

    /** Failures before the first success of a coin with success probability 1/(1 + mean): mean {@code mean}. */
    private static int geometric(Random r, double mean) {
        int k = 0;
        while (r.nextDouble() < mean / (1 + mean)) k++;
        return k;
    }

    private static List<String> metricNames() {
        List<String> names = new ArrayList<>();
        for (AbMetric m : AbMetric.values()) names.add(m.wireName);
        names.add(AbMetric.REVENUE_PER_SESSION);
        return List.copyOf(names);
    }
}
