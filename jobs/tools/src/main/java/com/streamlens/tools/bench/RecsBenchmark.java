package com.streamlens.tools.bench;

import com.streamlens.jobs.common.Args;
import com.streamlens.operators.nd4j.Nd4jThreads;
import com.streamlens.operators.recs.als.AlsConfig;
import com.streamlens.operators.recs.als.Gram;
import com.streamlens.operators.recs.als.IalsTrainer;
import com.streamlens.operators.recs.als.ItemFactorTable;
import com.streamlens.operators.recs.als.OnlineAls;
import com.streamlens.operators.recs.als.ScoredItems;
import com.streamlens.operators.recs.als.TopNScorer;
import com.streamlens.state.records.ItemStats;
import com.streamlens.state.records.UserHistory;
import com.streamlens.state.serde.Json;
import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.apache.flink.util.ParameterTool;

/**
 * scripts/bench-recs: the online iALS hot paths on one thread, with the operators' own classes.
 * (1) user + item update: record the interaction, re-solve the user row over its history (--history items),
 * update the user Gram, fold into the item's statistics and re-solve the item row, update the item table and
 * its Gram; (2) top-N: micro-batches of users scored against the whole catalogue with one GEMM each, then the
 * N best per user after excluding the user's history. Per-core figures divide by the JVM's CPU seconds.
 * Prints RESULT {json} last.
 */
public final class RecsBenchmark {
    private RecsBenchmark() {}

    public static void main(String[] args) {
        Nd4jThreads.onePerCallUnlessConfigured(); // as the operator does
        ParameterTool p = ParameterTool.fromArgs(args);
        int k = Args.intIn(p, "factors", 64, 1, 1024);
        int items = Args.intIn(p, "items", 100_000, 100, 10_000_000);
        int users = Args.intIn(p, "users", 20_000, 10, 10_000_000);
        int history = Args.intIn(p, "history", AlsConfig.defaults().historyLimit(), 1, 10_000); // the job's default
        int updates = Args.intIn(p, "updates", 200_000, 1000, 100_000_000);
        int batch = Args.intIn(p, "batch", 64, 1, 4096);
        int topUsers = Args.intIn(p, "topn-users", 20_000, batch, 10_000_000);
        int n = Args.intIn(p, "n", 50, 1, 10_000);
        // Histories stay at exactly --history items (the oldest falls out), so every user solve has the same size.
        AlsConfig config = AlsConfig.defaults().withFactors(k).withHistoryLimit(history);
        System.out.printf("k=%d, %,d items, %,d users with %d-item histories (kept at that length), N=%d, GEMM batches of %d, OMP_NUM_THREADS=%s%n",
                k, items, users, history, n, batch, System.getenv("OMP_NUM_THREADS"));

        Random random = new Random(42);
        ItemFactorTable table = new ItemFactorTable(k);
        for (int i = 0; i < items; i++) table.put("item-" + i, gaussian(random, k, 0.1), 10);
        OnlineAls online = new OnlineAls(config);
        UserHistory[] histories = new UserHistory[users];
        float[][] userRows = new float[users][];
        for (int u = 0; u < users; u++) {
            histories[u] = new UserHistory();
            for (int h = 0; h < history; h++)
                histories[u].record("item-" + zipf(random, items), config.viewWeight(), h, config.historyLimit(), online.maxConfidence());
            userRows[u] = gaussian(random, k, 0.1);
        }
        Gram userGram = IalsTrainer.gramOf(userRows, k);
        Map<String, ItemStats> stats = new HashMap<>();

        Map<String, Object> result = new LinkedHashMap<>();
        runUpdates(online, table, histories, userRows, userGram, stats, Math.min(updates, 60_000), random); // warm-up: JIT settled
        double[] up = runUpdates(online, table, histories, userRows, userGram, stats, updates, random);
        TopNScorer scorer = new TopNScorer(table);
        runTopN(scorer, table, histories, userRows, Math.min(topUsers, 10 * batch), batch, n, random); // warm-up
        double[] top = runTopN(scorer, table, histories, userRows, topUsers, batch, n, random);
        result.put("factors", k);
        result.put("items", items);
        result.put("history", history);
        result.put("updates_per_s", Math.round(up[0]));
        result.put("updates_per_s_per_core", Math.round(up[1]));
        result.put("topn_batch", batch);
        result.put("topn_n", n);
        result.put("topn_users_per_s", Math.round(top[0]));
        result.put("topn_users_per_s_per_core", Math.round(top[1]));
        result.put("omp_num_threads", System.getenv("OMP_NUM_THREADS"));
        System.out.println("RESULT " + Json.toString(result));
    }

    private static double[] runUpdates(OnlineAls online, ItemFactorTable table, UserHistory[] histories, float[][] userRows,
                                       Gram userGram, Map<String, ItemStats> stats, int updates, Random random) {
        int k = table.k();
        int items = table.size();
        AlsConfig config = online.config();
        long[] clock = start();
        double sink = 0;
        for (int e = 0; e < updates; e++) {
            int u = random.nextInt(histories.length);
            String item = "item-" + zipf(random, items);
            float c = config.purchaseWeight();
            histories[u].record(item, c, e, config.historyLimit(), online.maxConfidence());
            float[] x = new float[k];
            online.solveUser(histories[u], table, x);
            userGram.replace(userRows[u], x);
            userRows[u] = x;
            int at = table.indexOf(item);
            float[] y = new float[k];
            ItemStats s = online.updateItem(item, stats.get(item), table.rowAt(at), table.supportAt(at), x, c, userGram, y);
            stats.put(item, s);
            table.put(item, y, s.support);
            sink += y[0];
        }
        return stop("user+item updates", updates, clock, sink);
    }

    private static double[] runTopN(TopNScorer scorer, ItemFactorTable table, UserHistory[] histories, float[][] userRows,
                                    int users, int batch, int n, Random random) {
        long[] clock = start();
        double sink = 0;
        float[][] queries = new float[batch][];
        int[][] exclude = new int[batch][];
        for (int done = 0; done < users; done += batch) {
            int b = Math.min(batch, users - done);
            for (int q = 0; q < b; q++) {
                int u = random.nextInt(histories.length);
                queries[q] = userRows[u];
                String[] own = histories[u].itemIds;
                exclude[q] = new int[own.length];
                for (int j = 0; j < own.length; j++) exclude[q][j] = table.indexOf(own[j]);
            }
            List<ScoredItems> lists = scorer.topN(queries, b, exclude, n);
            sink += lists.get(0).scores()[0];
        }
        return stop("top-" + n + " over " + table.size() + " items", users, clock, sink);
    }

    /** An item index with a Zipf-like skew (popular items get most interactions, as in shops). */
    static int zipf(Random random, int items) {
        return (int) Math.min(items - 1, Math.floor(Math.pow(items + 1.0, random.nextDouble())) - 1);
    }

    static float[] gaussian(Random random, int k, double scale) {
        float[] v = new float[k];
        for (int d = 0; d < k; d++) v[d] = (float) (random.nextGaussian() * scale);
        return v;
    }

    private static long[] start() {
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        return new long[] {os.getProcessCpuTime(), System.nanoTime()};
    }

    private static double[] stop(String what, int count, long[] clock, double sink) {
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        double cpu = (os.getProcessCpuTime() - clock[0]) / 1e9;
        double wall = (System.nanoTime() - clock[1]) / 1e9;
        System.out.printf(Locale.ROOT, "%s: %,d in %.2f s wall, %.2f s CPU -> %,.0f/s, %,.0f per core (checksum %.3f)%n",
                what, count, wall, cpu, count / wall, count / cpu, sink);
        return new double[] {count / wall, count / cpu};
    }
}
