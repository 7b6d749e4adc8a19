package com.streamlens.operators.recs;

import com.streamlens.state.records.ItemStats;
import com.streamlens.state.records.UserHistory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Offline replay of a ratings log through the online update and scoring code (no Flink): batch iALS on the
 * first 90% by time, then for each later positive (u, i): skip if u already has i; count u as cold if it has no
 * history; otherwise rank every item except u's own and record a hit if i is in the top 10 / 20; then update
 * the model with (u, i) exactly as the job does. Incremental popularity is ranked on the same events.
 */
public final class RecsEvaluation {

    /** A positive interaction of the log. */
    public record Interaction(String user, String item, long ts) {}

    /** Hit rates and counts of one replay. */
    public record Result(double hr10, double hr20, double popHr10, double popHr20, long nEval, long nCold,
                         long nSkipped, double updateMsP50) {}

    private RecsEvaluation() {}

    /** Reads a MovieLens-format CSV (userId,movieId,rating,timestamp), keeps rating ≥ minRating, stable-sorts by time. */
    public static List<Interaction> readPositives(Path csv, double minRating) {
        List<Interaction> out = new ArrayList<>();
        try (Stream<String> lines = Files.lines(csv)) {
            lines.skip(1).forEach(line -> {
                String[] f = line.split(",");
                if (f.length < 4) throw new IllegalArgumentException("not a ratings line (userId,movieId,rating,timestamp): " + line);
                if (Double.parseDouble(f[2]) >= minRating) out.add(new Interaction(f[0], f[1], Long.parseLong(f[3].trim())));
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read ratings " + csv, e);
        }
        out.sort(Comparator.comparingLong(Interaction::ts)); // List.sort is stable
        return out;
    }

    /** Splits a time-sorted log at the given fraction: [0] training, [1] stream. */
    public static List<List<Interaction>> split(List<Interaction> log, double trainFraction) {
        int cut = (int) Math.floor(log.size() * trainFraction);
        return List.of(log.subList(0, cut), log.subList(cut, log.size()));
    }

    /** Batch-trains on {@code train}, then replays {@code stream} with per-event updates. */
    public static Result run(AlsConfig config, int epochs, long seed, List<Interaction> train,
                             List<Interaction> stream, Consumer<String> progress) {
        int k = config.factors();
        float c = config.viewWeight();
        Map<String, Integer> userIndex = new LinkedHashMap<>();
        Map<String, Integer> itemIndex = new LinkedHashMap<>();
        Map<String, UserHistory> histories = new HashMap<>();
        Map<String, Set<String>> own = new HashMap<>();
        OnlineAls online = new OnlineAls(config);
        for (Interaction e : train) {
            userIndex.computeIfAbsent(e.user(), u -> userIndex.size());
            itemIndex.computeIfAbsent(e.item(), i -> itemIndex.size());
            if (own.computeIfAbsent(e.user(), u -> new HashSet<>()).add(e.item())) {
                histories.computeIfAbsent(e.user(), u -> new UserHistory())
                        .record(e.item(), c, e.ts(), config.historyLimit(), online.maxConfidence());
            }
        }
        // The trainer sees each user's (bounded) history in time order, as the online solve does.
        int[][] userItems = new int[userIndex.size()][];
        float[][] userConf = new float[userIndex.size()][];
        for (Map.Entry<String, Integer> u : userIndex.entrySet()) {
            UserHistory h = histories.get(u.getKey());
            userItems[u.getValue()] = Arrays.stream(h.itemIds).mapToInt(itemIndex::get).toArray();
            userConf[u.getValue()] = h.confidences.clone();
        }
        long t0 = System.nanoTime();
        IalsTrainer.Factors f = IalsTrainer.train(config, userItems, userConf, itemIndex.size(), epochs, seed,
                epoch -> progress.accept("batch iALS epoch " + epoch + "/" + epochs));
        progress.accept(String.format("batch training: %d users, %d items, %d interactions in %.1f s",
                userIndex.size(), itemIndex.size(), train.size(), (System.nanoTime() - t0) / 1e9));

        ItemFactorTable items = new ItemFactorTable(k);
        double[] itemSupport = new double[itemIndex.size()];
        for (int u = 0; u < userItems.length; u++)
            for (int p = 0; p < userItems[u].length; p++) itemSupport[userItems[u][p]] += userConf[u][p];
        for (Map.Entry<String, Integer> i : itemIndex.entrySet())
            items.put(i.getKey(), f.items()[i.getValue()], itemSupport[i.getValue()]);
        Map<String, float[]> userRows = new HashMap<>();
        for (Map.Entry<String, Integer> u : userIndex.entrySet()) userRows.put(u.getKey(), f.users()[u.getValue()]);
        Gram userGram = IalsTrainer.gramOf(f.users(), k);
        Map<String, ItemStats> itemStats = new HashMap<>();

        // Incremental popularity (plain counts) over training and then the stream.
        Map<String, Double> popularity = new HashMap<>();
        for (Interaction e : train) popularity.merge(e.item(), 1.0, Double::sum);

        TopNScorer scorer = new TopNScorer(items);
        long hit10 = 0, hit20 = 0, popHit10 = 0, popHit20 = 0, nEval = 0, nCold = 0, nSkipped = 0;
        long[] updateNanos = new long[stream.size()];
        int updates = 0;
        int step = Math.max(1, stream.size() / 10);
        for (int n = 0; n < stream.size(); n++) {
            Interaction e = stream.get(n);
            Set<String> mine = own.computeIfAbsent(e.user(), u -> new HashSet<>());
            if (mine.contains(e.item())) {
                nSkipped++;
                continue;
            }
            UserHistory history = histories.computeIfAbsent(e.user(), u -> new UserHistory());
            if (history.isEmpty()) {
                nCold++;
            } else {
                nEval++;
                int[] exclude = mine.stream().mapToInt(items::indexOf).filter(i -> i >= 0).toArray();
                float[] xu = userRows.get(e.user());
                ScoredItems top = scorer.topN(new float[][] {xu}, 1, new int[][] {exclude}, 20).get(0);
                int rank = indexOf(top.ids(), e.item());
                if (rank >= 0 && rank < 10) hit10++;
                if (rank >= 0) hit20++;
                int popRank = popularityRank(popularity, mine, e.item(), 20);
                if (popRank >= 0 && popRank < 10) popHit10++;
                if (popRank >= 0) popHit20++;
            }
            // The update, timed: user re-solve, user Gram, item statistics and re-solve, item table.
            long s = System.nanoTime();
            float conf = history.record(e.item(), c, e.ts(), config.historyLimit(), online.maxConfidence());
            float[] xNew = new float[k];
            online.solveUser(history, items, xNew);
            userGram.replace(userRows.get(e.user()), xNew);
            userRows.put(e.user(), xNew);
            int at = items.indexOf(e.item());
            float[] yNew = new float[k];
            ItemStats stats = online.updateItem(itemStats.get(e.item()), at < 0 ? null : items.rowAt(at),
                    at < 0 ? 0 : items.supportAt(at), xNew, c, userGram, yNew);
            itemStats.put(e.item(), stats);
            items.put(e.item(), yNew, stats.support);
            updateNanos[updates++] = System.nanoTime() - s;
            mine.add(e.item());
            popularity.merge(e.item(), 1.0, Double::sum);
            if ((n + 1) % step == 0)
                progress.accept(String.format("stream %d/%d: hr@10 %.4f over %d evaluated", n + 1, stream.size(),
                        nEval == 0 ? 0 : (double) hit10 / nEval, nEval));
            if (conf <= 0) throw new IllegalStateException("non-positive confidence");
        }
        long[] sorted = Arrays.copyOf(updateNanos, updates);
        Arrays.sort(sorted);
        double p50 = updates == 0 ? 0 : sorted[updates / 2] / 1e6;
        double d = Math.max(1, nEval);
        return new Result(hit10 / d, hit20 / d, popHit10 / d, popHit20 / d, nEval, nCold, nSkipped, p50);
    }

    private static int indexOf(String[] ids, String id) {
        for (int i = 0; i < ids.length; i++) if (ids[i].equals(id)) return i;
        return -1;
    }

    /** Rank of {@code item} among the n most counted items the user does not have (−1 if not among them). */
    private static int popularityRank(Map<String, Double> counts, Set<String> mine, String item, int n) {
        Double own = counts.get(item);
        double target = own == null ? 0.0 : own;
        int better = 0;
        for (Map.Entry<String, Double> e : counts.entrySet()) {
            if (mine.contains(e.getKey()) || e.getKey().equals(item)) continue;
            // Ties rank before the target, like a stable sort that meets the target last.
            if (e.getValue() >= target && ++better >= n) return -1;
        }
        return own == null ? -1 : better;
    }
}
