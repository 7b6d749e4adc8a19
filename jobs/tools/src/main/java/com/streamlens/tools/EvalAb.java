package com.streamlens.tools;

import com.streamlens.jobs.common.Args;
import com.streamlens.operators.abtest.AbSimulation.Config;
import com.streamlens.operators.abtest.AbSimulation.Result;
import com.streamlens.operators.abtest.AbSimulation;
import com.streamlens.state.serde.Json;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.util.ParameterTool;

/**
 * scripts/eval-ab: A/A and A/B experiments simulated through the A/B job's own code ({@link AbSimulation}): the
 * false-positive rate of the always-valid sequential test and of the naive fixed-horizon test under continuous looks,
 * and the power against a real effect, per metric. The last line is RESULT {json}.
 */
public final class EvalAb {
    private EvalAb() {}

    public static void main(String[] args) throws Exception {
        ToolMain.exitOnBadInput(args, EvalAb::evaluate);
    }

    static void evaluate(String[] args) {
        ParameterTool p = ParameterTool.fromArgs(args);
        int experiments = Args.intIn(p, "experiments", 400, 10, 1_000_000);
        int users = Args.intIn(p, "users", 4000, 10, 10_000_000);
        double rate = Args.doubleIn(p, "arrivals-per-s", 2, 0.001, 1e6);
        long lookMs = Args.longIn(p, "look-every-ms", 10_000, 1, 86_400_000);
        double alpha = Args.doubleIn(p, "alpha", 0.05, 1e-6, 0.5);
        double tau = Args.doubleIn(p, "tau", 1.0, 1e-3, 100);
        double effect = Args.doubleIn(p, "effect-sd", 0.2, 0, 10);
        long seed = Args.longIn(p, "seed", 2026, Long.MIN_VALUE, Long.MAX_VALUE);

        System.out.printf("%d experiments of %d users arriving at %.1f/s, a look every %d ms, alpha %.3f, tau %.2f sd%n",
                experiments, users, rate, lookMs, alpha, tau);
        Result aa = AbSimulation.run(new Config(experiments, users, rate, lookMs, alpha, tau, 0, seed), progress("A/A", experiments));
        Result ab = AbSimulation.run(new Config(experiments, users, rate, lookMs, alpha, tau, effect, seed + 1), progress("A/B +" + effect + " sd", experiments));
        double simulationError = 2 * Math.sqrt(alpha * (1 - alpha) / experiments);

        Map<String, Object> result = new LinkedHashMap<>();
        result.put("experiments", experiments);
        result.put("users_per_experiment", users);
        result.put("looks_per_experiment", Math.round((double) aa.looks() / experiments));
        result.put("alpha", alpha);
        result.put("fpr_simulation_error_2se", EvalRecs.round(simulationError));
        result.put("effect_sd", effect);
        result.put("ratio_effect_sd", EvalRecs.round(AbSimulation.ratioEffectSd(effect, seed + 1)));
        for (String m : AbSimulation.METRICS) {
            result.put("fpr_" + m, aa.sequentialRejectRate().get(m));
            result.put("naive_fpr_" + m, aa.naiveRejectRate().get(m));
            result.put("power_" + m, ab.sequentialRejectRate().get(m));
            System.out.printf("%-20s sequential FPR %.4f   naive FPR %.4f   power at +%.2f sd %.4f%n", m,
                    aa.sequentialRejectRate().get(m), aa.naiveRejectRate().get(m), effect, ab.sequentialRejectRate().get(m));
        }
        System.out.println("RESULT " + Json.toString(result));
    }

    private static java.util.function.IntConsumer progress(String what, int total) {
        long started = System.nanoTime();
        return done -> {
            if (done % Math.max(1, total / 10) == 0 || done == total) {
                System.out.printf("%s: %d/%d experiments (%.0f s)%n", what, done, total, (System.nanoTime() - started) / 1e9);
            }
        };
    }
}
