package com.streamlens.operators.abtest;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Declared traffic allocations of experiments, for the SRM check: {@code exp-a=control:90,treatment:10;exp-b=a:1,b:1,c:2}.
 * Weights are relative (any positive numbers); an experiment not declared is expected to split equally.
 */
public final class Allocations {
    private Allocations() {}

    /** Parses the declaration; a malformed one fails with a message naming the part that is wrong. */
    public static Map<String, Map<String, Double>> parse(String spec) {
        Map<String, Map<String, Double>> out = new HashMap<>();
        if (spec == null || spec.isBlank()) return out;
        for (String experiment : spec.split(";")) {
            if (experiment.isBlank()) continue;
            int eq = experiment.indexOf('=');
            if (eq <= 0) throw bad(experiment, "expected experiment=variant:weight,…");
            String name = experiment.substring(0, eq).trim();
            Map<String, Double> weights = new LinkedHashMap<>();
            for (String part : experiment.substring(eq + 1).split(",")) {
                int colon = part.indexOf(':');
                if (colon <= 0) throw bad(experiment, "expected variant:weight, got '" + part.trim() + "'");
                String variant = part.substring(0, colon).trim();
                double w;
                try {
                    w = Double.parseDouble(part.substring(colon + 1).trim());
                } catch (NumberFormatException e) {
                    throw bad(experiment, "weight of " + variant + " is not a number: '" + part.substring(colon + 1).trim() + "'");
                }
                if (!(w > 0) || Double.isInfinite(w)) throw bad(experiment, "weight of " + variant + " must be positive, got " + w);
                if (weights.put(variant, w) != null) throw bad(experiment, "variant " + variant + " given twice");
            }
            if (weights.size() < 2) throw bad(experiment, "an experiment needs at least two variants");
            if (out.put(name, weights) != null) throw bad(experiment, "experiment " + name + " given twice");
        }
        return out;
    }

    private static IllegalArgumentException bad(String part, String why) {
        return new IllegalArgumentException("--allocation: " + why + " in '" + part.trim() + "'");
    }
}
