package com.streamlens.operators.abtest;

import org.apache.commons.math3.analysis.integration.SimpsonIntegrator;

/**
 * The mSPRT's mixture likelihood ratio computed the long way, as a reference for the closed form in {@link AbMath#msprt}:
 * Λ = ∫ N(θ̂; θ, V) / N(θ̂; 0, V) · N(θ; 0, τ²) dθ, integrated numerically (Simpson) over the prior's and the
 * likelihood's mass. Tests only.
 */
public final class MixtureLikelihood {
    private MixtureLikelihood() {}

    /** 1/Λ, capped at 1: the sequential p-value of one look. */
    public static double pValue(double thetaHat, double v, double tau2) {
        return Math.min(1.0, 1.0 / lambda(thetaHat, v, tau2));
    }

    static double lambda(double thetaHat, double v, double tau2) {
        double tau = Math.sqrt(tau2), width = Math.min(Math.sqrt(v), tau);
        double lo = Math.min(0, thetaHat) - 12 * width, hi = Math.max(0, thetaHat) + 12 * width;
        // Integrate in pieces so that Simpson's rule sees the peak, whatever its width against the range.
        int pieces = 400;
        double step = (hi - lo) / pieces, sum = 0;
        SimpsonIntegrator simpson = new SimpsonIntegrator(1e-12, 1e-14, 3, 20);
        for (int i = 0; i < pieces; i++) {
            double a = lo + i * step;
            sum += simpson.integrate(1_000_000, theta -> Math.exp(
                    (-(thetaHat - theta) * (thetaHat - theta) + thetaHat * thetaHat) / (2 * v)
                            - theta * theta / (2 * tau2)) / Math.sqrt(2 * Math.PI * tau2), a, a + step);
        }
        return sum;
    }
}
