package com.streamlens.operators.recs.als;

import com.streamlens.operators.recs.Interaction;
import java.util.List;
import java.util.Set;

/**
 * Further recommenders ranked by {@link RecsEvaluation} on the same events as iALS, so that the comparison is paired
 * (the content and hybrid recommenders plug in here). The replay calls {@link #learn} for every training event, then per
 * stream event {@link #rank} (before the event is known) for evaluated events and {@link #learn} after.
 */
public interface ReplayModels {
    /** The models' names, one list per model from {@link #rank}, in this order. */
    List<String> names();

    /** The iALS side at ranking time: the user's row (null if none), the item table and the iALS list itself. */
    record IalsView(float[] userRow, ItemFactorTable items, int historyLength, ScoredItems top) {
        /** x_u·y_i, NaN when the item has no row yet or the user none. */
        public double score(String itemId) {
            int at = items.indexOf(itemId);
            if (at < 0 || userRow == null) return Double.NaN;
            float[] y = items.rowAt(at);
            double s = 0;
            for (int d = 0; d < userRow.length; d++) s += (double) userRow[d] * y[d];
            return s;
        }

        /** The item's support (interactions behind its row), 0 without a row. */
        public double support(String itemId) {
            int at = items.indexOf(itemId);
            return at < 0 ? 0 : items.supportAt(at);
        }
    }

    /** Each model's top {@code n} for the event's user, leaving out {@code excluded}. */
    List<ScoredItems> rank(Interaction event, IalsView als, Set<String> excluded, int n);

    /** Learns from an event (training or, after its ranking, stream). */
    void learn(Interaction event);
}
