package com.streamlens.operators.recs.als;

import java.io.Serializable;

/**
 * Hyper-parameters of implicit ALS (Hu, Koren, Volinsky 2008, in the parametrisation of Rendle et al. 2021):
 * observed interactions weigh their confidence c, every (user, item) pair weighs {@code unobservedWeight} w0
 * toward 0, and rows are L2-regularised with λ·(Σc + w0·n)^ν (ν = {@code regExponent}, 0 = plain λ).
 * The defaults are the values {@code scripts/eval-recs --tune} chose on a validation split of MovieLens'
 * training part (see README).
 *
 * @param factors          k, the length of every factor row
 * @param viewWeight       confidence of a page view of an item
 * @param cartWeight       confidence of an add-to-cart
 * @param purchaseWeight   confidence of a purchase
 * @param historyLimit     interactions kept per user (the most recent win); the user row is solved over them
 * @param recencyBoost     β: the r-th most recent interaction weighs c·(1 + β·e^(−r/τ)) in the user solve
 * @param recencySpan      τ of that boost, in interactions
 */
public record AlsConfig(
        int factors,
        double unobservedWeight,
        double regularization,
        double regExponent,
        float viewWeight,
        float cartWeight,
        float purchaseWeight,
        int historyLimit,
        double recencyBoost,
        double recencySpan)
        implements Serializable {

    public static AlsConfig defaults() {
        return new AlsConfig(64, 3.0, 3.0, 0.0, 1f, 3f, 6f, 200, 10.0, 3.0);
    }

    public AlsConfig {
        if (factors < 1) throw new IllegalArgumentException("factors must be ≥ 1, got " + factors);
        if (!(unobservedWeight > 0)) throw new IllegalArgumentException("unobserved weight must be > 0, got " + unobservedWeight);
        if (!(regularization > 0)) throw new IllegalArgumentException("regularization must be > 0, got " + regularization);
        if (regExponent < 0 || regExponent > 1) throw new IllegalArgumentException("reg exponent must be in [0, 1], got " + regExponent);
        if (!(viewWeight > 0 && cartWeight > 0 && purchaseWeight > 0))
            throw new IllegalArgumentException("interaction weights must be > 0");
        if (historyLimit < 1) throw new IllegalArgumentException("history limit must be ≥ 1, got " + historyLimit);
        if (recencyBoost < 0 || !(recencySpan > 0)) throw new IllegalArgumentException("recency boost must be ≥ 0 and span > 0");
    }

    public AlsConfig withFactors(int k) {
        return new AlsConfig(k, unobservedWeight, regularization, regExponent, viewWeight, cartWeight, purchaseWeight,
                historyLimit, recencyBoost, recencySpan);
    }

    public AlsConfig with(double w0, double lambda, double nu, double beta, double tau) {
        return new AlsConfig(factors, w0, lambda, nu, viewWeight, cartWeight, purchaseWeight, historyLimit, beta, tau);
    }

    public AlsConfig withHistoryLimit(int limit) {
        return new AlsConfig(factors, unobservedWeight, regularization, regExponent, viewWeight, cartWeight,
                purchaseWeight, limit, recencyBoost, recencySpan);
    }

    /** The user-solve weight of an interaction of confidence c that is the r-th most recent (r = 0: newest). */
    public float recencyWeighted(float c, int r) {
        return recencyBoost == 0 ? c : (float) (c * (1.0 + recencyBoost * Math.exp(-r / recencySpan)));
    }

    public String describe() {
        return "k=" + factors + " w0=" + unobservedWeight + " lambda=" + regularization + " nu=" + regExponent
                + " weights(view/cart/purchase)=" + viewWeight + "/" + cartWeight + "/" + purchaseWeight
                + " history=" + historyLimit + " recency_boost=" + recencyBoost + " recency_span=" + recencySpan;
    }
}
