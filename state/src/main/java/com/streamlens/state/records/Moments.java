package com.streamlens.state.records;

/**
 * Running bivariate moments of (x, y) over users that can also take a user out again, so a user whose
 * metric changes is replaced in place: n, means, M2ₓ = Σ(x−x̄)², M2ᵧ = Σ(y−ȳ)², Cₓᵧ = Σ(x−x̄)(y−ȳ).
 * Welford's updates (Welford 1962; co-moment as in Pébay 2008) avoid the cancellation of Σy² − (Σy)²/n:
 * add: ȳ' = ȳ + (y−ȳ)/n', M2ᵧ += (y−ȳ)(y−ȳ'), Cₓᵧ += (x−x̄)(y−ȳ'); remove applies the same in reverse.
 */
public class Moments {
    public long n;
    public double meanX;
    public double meanY;
    public double m2x;
    public double m2y;
    public double cxy;

    public Moments() {}

    public void add(double x, double y) {
        n++;
        double dx = x - meanX;
        double dy = y - meanY;
        meanX += dx / n;
        meanY += dy / n;
        m2x += dx * (x - meanX);
        m2y += dy * (y - meanY);
        cxy += dx * (y - meanY);
    }

    public void remove(double x, double y) {
        if (n <= 1) {
            n = 0;
            meanX = meanY = m2x = m2y = cxy = 0;
            return;
        }
        double meanXBefore = (n * meanX - x) / (n - 1);
        double meanYBefore = (n * meanY - y) / (n - 1);
        m2x -= (x - meanXBefore) * (x - meanX);
        m2y -= (y - meanYBefore) * (y - meanY);
        cxy -= (x - meanXBefore) * (y - meanY);
        meanX = meanXBefore;
        meanY = meanYBefore;
        n--;
    }

    /** Replaces one user's y (x unchanged): exact in n, and stable. */
    public void replace(double x, double yBefore, double yAfter) {
        if (yBefore == yAfter) return;
        remove(x, yBefore);
        add(x, yAfter);
    }

    /** Moments of the union of two disjoint user sets (Chan, Golub, LeVeque 1979 pairwise combination). */
    public static Moments combine(Moments a, Moments b) {
        Moments c = new Moments();
        c.n = a.n + b.n;
        if (c.n == 0) return c;
        double dx = b.meanX - a.meanX;
        double dy = b.meanY - a.meanY;
        double w = (double) a.n * b.n / c.n;
        c.meanX = a.meanX + dx * b.n / c.n;
        c.meanY = a.meanY + dy * b.n / c.n;
        c.m2x = a.m2x + b.m2x + dx * dx * w;
        c.m2y = a.m2y + b.m2y + dy * dy * w;
        c.cxy = a.cxy + b.cxy + dx * dy * w;
        return c;
    }

    public double varianceY() {
        return n < 2 ? Double.NaN : Math.max(0, m2y / (n - 1));
    }

    public double varianceX() {
        return n < 2 ? Double.NaN : Math.max(0, m2x / (n - 1));
    }

    public double covarianceXY() {
        return n < 2 ? Double.NaN : cxy / (n - 1);
    }
}
