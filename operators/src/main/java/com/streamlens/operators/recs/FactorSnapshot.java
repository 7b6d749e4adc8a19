package com.streamlens.operators.recs;

import com.streamlens.state.records.ItemFactor;
import java.util.ArrayList;
import java.util.List;

/**
 * A batch-trained model as {@code item-factors} records: one row per item with the support it was solved from,
 * and the user Gram record the item side needs before the job has seen the users again.
 */
public final class FactorSnapshot {
    private FactorSnapshot() {}

    /**
     * @param itemIds  ids by item index
     * @param factors  the trainer's factors
     * @param userConf per user the confidences, aligned with {@code userItems}
     */
    public static List<ItemFactor> records(List<String> itemIds, IalsTrainer.Factors factors, int[][] userItems,
                                           float[][] userConf, long ts) {
        int k = factors.items().length == 0 ? 0 : factors.items()[0].length;
        double[] support = new double[itemIds.size()];
        for (int u = 0; u < userItems.length; u++)
            for (int p = 0; p < userItems[u].length; p++) support[userItems[u][p]] += userConf[u][p];
        List<ItemFactor> out = new ArrayList<>(itemIds.size() + 1);
        Gram users = IalsTrainer.gramOf(factors.users(), k);
        out.add(ItemFactor.userGram(users.upper().clone(), users.count(), ts));
        for (int i = 0; i < itemIds.size(); i++) out.add(new ItemFactor(itemIds.get(i), factors.items()[i], support[i], ts));
        return out;
    }
}
