package com.streamlens.operators.recs.als;

import com.streamlens.state.records.ItemFactor;
import java.util.ArrayList;
import java.util.List;

/**
 * A batch-trained model as {@code item-factors} records: one row per item with the support it was solved from,
 * and the user Gram record the item side needs before the job has seen the users again.
 */
public final class FactorSnapshot {
    private FactorSnapshot() {}

    /** The user Gram record first, then one record per item of {@code data}, rows from {@code factors}. */
    public static List<ItemFactor> records(TrainingData data, IalsTrainer.Factors factors, long ts) {
        List<String> itemIds = data.itemIds();
        int k = factors.items().length == 0 ? 0 : factors.items()[0].length;
        double[] support = data.itemSupport();
        List<ItemFactor> out = new ArrayList<>(itemIds.size() + 1);
        Gram users = IalsTrainer.gramOf(factors.users(), k);
        out.add(ItemFactor.userGram(users.toFlatUpper(), users.count(), ts));
        for (int i = 0; i < itemIds.size(); i++) out.add(new ItemFactor(itemIds.get(i), factors.items()[i], support[i], ts));
        return out;
    }
}
