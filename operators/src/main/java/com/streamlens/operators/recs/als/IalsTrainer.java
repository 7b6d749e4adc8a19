package com.streamlens.operators.recs.als;

import java.util.Random;
import java.util.function.IntConsumer;

/**
 * Batch implicit ALS (Hu et al. 2008): alternate exact solves of every user row given the items and of every
 * item row given the users, with the same {@link ImplicitAls} solve the online operators use. Users'
 * interactions are given in time order: the user solve weights them by recency and uses at most the
 * configured history, exactly as {@link OnlineAls#solveUser} does.
 */
public final class IalsTrainer {

    /** Factor rows after training, indexed like the input. */
    public record Factors(float[][] users, float[][] items) {}

    private IalsTrainer() {}

    /**
     * @param userItems   per user, item indices in time order (one entry per item)
     * @param userConf    per user, the matching confidences
     * @param numItems    catalogue size (items without interactions stay at zero)
     * @param progress    called after each epoch with its number (1-based)
     */
    public static Factors train(AlsConfig config, int[][] userItems, float[][] userConf, int numItems, int epochs,
                                long seed, IntConsumer progress) {
        int k = config.factors();
        int numUsers = userItems.length;
        ImplicitAls als = new ImplicitAls(config);
        Random random = new Random(seed);
        float[][] users = new float[numUsers][k];
        float[][] items = new float[numItems][k];
        double scale = 0.1 / Math.sqrt(k);
        for (float[] y : items) for (int d = 0; d < k; d++) y[d] = (float) (random.nextGaussian() * scale);

        // Item → (user, confidence) lists for the item solves.
        int[] itemCount = new int[numItems];
        for (int[] its : userItems) for (int i : its) itemCount[i]++;
        int[][] itemUsers = new int[numItems][];
        float[][] itemConf = new float[numItems][];
        for (int i = 0; i < numItems; i++) {
            itemUsers[i] = new int[itemCount[i]];
            itemConf[i] = new float[itemCount[i]];
        }
        int[] fill = new int[numItems];
        for (int u = 0; u < numUsers; u++) {
            for (int p = 0; p < userItems[u].length; p++) {
                int i = userItems[u][p];
                itemUsers[i][fill[i]] = u;
                itemConf[i][fill[i]++] = userConf[u][p];
            }
        }

        int limit = config.historyLimit();
        float[][] rows = new float[Math.max(limit, 1)][];
        float[] weights = new float[Math.max(limit, 1)];
        for (int epoch = 1; epoch <= epochs; epoch++) {
            Gram itemGram = gramOf(items, k);
            for (int u = 0; u < numUsers; u++) {
                int[] its = userItems[u];
                int n = Math.min(its.length, limit);
                for (int r = 0; r < n; r++) {
                    int at = its.length - 1 - r;
                    rows[r] = items[its[at]];
                    weights[r] = config.recencyWeighted(userConf[u][at], r);
                }
                if (n > 0) als.solveRow(itemGram, rows, weights, n, users[u]);
            }
            Gram userGram = gramOf(users, k);
            float[][] urows = new float[0][];
            for (int i = 0; i < numItems; i++) {
                int n = itemUsers[i].length;
                if (n == 0) continue;
                if (urows.length < n) urows = new float[n][];
                for (int p = 0; p < n; p++) urows[p] = users[itemUsers[i][p]];
                als.solveRow(userGram, urows, itemConf[i], n, items[i]);
            }
            progress.accept(epoch);
        }
        return new Factors(users, items);
    }

    public static Gram gramOf(float[][] rows, int k) {
        Gram g = new Gram(k);
        for (float[] r : rows) g.replace(null, r);
        return g;
    }
}
