package com.streamlens.operators.recs.als;

import com.streamlens.operators.recs.Interaction;
import com.streamlens.state.records.UserHistory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Interactions in time order as the batch trainer's input: ids indexed, and each user's bounded history built
 * with the same {@link UserHistory#record} the online operator uses (repeats merge, the oldest fall out).
 */
public record TrainingData(List<String> userIds, List<String> itemIds, Map<String, UserHistory> histories,
                           int[][] userItems, float[][] userConf) {

    public static TrainingData of(List<Interaction> timeOrdered, AlsConfig config) {
        float cap = new OnlineAls(config).maxConfidence();
        Map<String, UserHistory> histories = new LinkedHashMap<>();
        Map<String, Integer> itemIndex = new LinkedHashMap<>();
        for (Interaction e : timeOrdered) {
            itemIndex.computeIfAbsent(e.itemId, i -> itemIndex.size());
            UserHistory h = histories.computeIfAbsent(e.userId, u -> new UserHistory());
            h.record(e.itemId, e.confidence, e.ts, config.historyLimit(), cap);
            h.siteId = e.siteId;
        }
        List<String> users = new ArrayList<>(histories.keySet());
        int[][] userItems = new int[users.size()][];
        float[][] userConf = new float[users.size()][];
        for (int u = 0; u < users.size(); u++) {
            UserHistory h = histories.get(users.get(u));
            userItems[u] = Arrays.stream(h.itemIds).mapToInt(itemIndex::get).toArray();
            userConf[u] = h.confidences.clone();
        }
        return new TrainingData(users, new ArrayList<>(itemIndex.keySet()), histories, userItems, userConf);
    }

    /** Σ c per item over the users' histories: the support each trained item row stands on. */
    public double[] itemSupport() {
        double[] s = new double[itemIds.size()];
        for (int u = 0; u < userItems.length; u++)
            for (int p = 0; p < userItems[u].length; p++) s[userItems[u][p]] += userConf[u][p];
        return s;
    }

    public Map<String, Integer> userIndex() {
        Map<String, Integer> m = new HashMap<>();
        for (int u = 0; u < userIds.size(); u++) m.put(userIds.get(u), u);
        return m;
    }
}
