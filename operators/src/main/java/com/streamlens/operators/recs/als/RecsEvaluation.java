package com.streamlens.operators.recs.als;

import com.streamlens.operators.io.BadInput;
import com.streamlens.operators.io.BadRows;
import com.streamlens.operators.recs.Interaction;
import com.streamlens.state.records.ItemStats;
import com.streamlens.state.records.UserHistory;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Offline replay of a ratings log through the online update and scoring code (no Flink): batch iALS on the
 * first 90% by time, then for each later positive (u, i): skip if u already has i; count u as cold if it has no
 * history; otherwise rank every item except those the {@link Protocol} leaves out and record a hit if i is in the
 * top 10 / 20; then update the model with (u, i) exactly as the job does. Incremental popularity is ranked on the
 * same events. Hit rates come with a 95% bootstrap interval over users (the stream's users are few).
 */
public final class RecsEvaluation {
    /** Bootstrap resamples of the users for the intervals. */
    static final int BOOTSTRAP = 1000;

    /**
     * How the replay models the job. {@code excludeHistoryOnly}: a list leaves out the user's bounded history (the job's
     * {@code --exclude-seen}), not everything they ever rated. {@code itemDelayMs}: a new item row reaches the rankings
     * and user solves this long after its event (the job's user side reads rows back through {@code item-factors},
     * published at most every {@code --item-publish-interval-ms}); the item's own statistics are current at once.
     */
    public record Protocol(boolean excludeHistoryOnly, long itemDelayMs) {
        /** What the job does with its defaults. */
        public static final Protocol JOB = new Protocol(true, 1000);
        /** Everything rated left out, rows applied at once (the protocol before 2026-12-07). */
        public static final Protocol INSTANT = new Protocol(false, 0);
    }

    /** Hit rates (with 95% bootstrap intervals over users) and counts of one replay; {@code models} has every model's by name. */
    public record Result(double hr10, double hr20, double popHr10, double popHr20, long nEval, long nCold,
                         long nSkipped, double updateMsP50, double hr10Low, double hr10High, double hr20Low,
                         double hr20High, int nUsers, Map<String, HitRates> models) {}

    /** A positive whose item had fewer positives than this before it is a cold-item event. */
    public static final int COLD_ITEM_SUPPORT = 5;

    /** One model's hits: all evaluated events, and the cold-item ones among them; per user for the bootstrap. */
    public static final class HitRates {
        private long n, hit10, hit20, nColdItems, coldHit10, coldHit20;
        private final Map<String, int[]> perUser = new LinkedHashMap<>(); // user → {evaluated, hits@10, hits@20}

        void record(String user, int rank, boolean coldItem) {
            int[] u = perUser.computeIfAbsent(user, k -> new int[3]);
            n++;
            u[0]++;
            boolean in10 = rank >= 0 && rank < 10, in20 = rank >= 0 && rank < 20;
            if (in10) {
                hit10++;
                u[1]++;
            }
            if (in20) {
                hit20++;
                u[2]++;
            }
            if (coldItem) {
                nColdItems++;
                if (in10) coldHit10++;
                if (in20) coldHit20++;
            }
        }

        public double hr10() {
            return n == 0 ? 0 : (double) hit10 / n;
        }

        public double hr20() {
            return n == 0 ? 0 : (double) hit20 / n;
        }

        public double coldHr10() {
            return nColdItems == 0 ? 0 : (double) coldHit10 / nColdItems;
        }

        public double coldHr20() {
            return nColdItems == 0 ? 0 : (double) coldHit20 / nColdItems;
        }

        public int users() {
            return perUser.size();
        }

        public long evaluated() {
            return n;
        }

        public long coldItems() {
            return nColdItems;
        }

        /** 95% bootstrap interval over users of hr@10 (top 10) or hr@20. */
        public double[] interval(int top, long seed) {
            return bootstrap(perUser.values(), top == 10 ? 1 : 2, seed);
        }
    }

    private RecsEvaluation() {}

    /** The header a ratings file starts with (MovieLens). */
    public static final String RATINGS_HEADER = "userId,movieId,rating,timestamp";

    /**
     * Reads a MovieLens-format CSV (userId,movieId,rating,timestamp with the timestamp in seconds), keeps rating ≥
     * minRating as interactions of the given confidence, time in milliseconds as the job's, stable-sorted by time.
     * A bad row stops the read with a {@link BadInput} naming its line and field, unless {@code badRows} skips it; a
     * file with no positives is refused.
     */
    public static List<Interaction> readPositives(Path csv, double minRating, float confidence, BadRows badRows) {
        List<Interaction> out = new ArrayList<>();
        long rows = 0;
        try (BufferedReader in = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
            String header = in.readLine();
            if (header == null) throw BadInput.of(csv, "empty file; expected the header " + RATINGS_HEADER);
            if (!header.strip().replace("\uFEFF", "").equals(RATINGS_HEADER)) {
                throw BadInput.at(csv, 1, "expected the header " + RATINGS_HEADER + ", got \"" + header.strip() + "\"");
            }
            String line;
            long no = 1;
            while ((line = in.readLine()) != null) {
                no++;
                if (line.isBlank()) continue;
                rows++;
                try {
                    Interaction e = ratingRow(csv, no, line, minRating, confidence);
                    if (e != null) out.add(e);
                } catch (BadInput bad) {
                    badRows.reject(bad);
                }
            }
        } catch (IOException e) {
            throw BadInput.unreadable(csv, e);
        }
        if (out.isEmpty()) throw BadInput.of(csv, "no positives (rating >= " + minRating + ") among " + rows + " rows");
        out.sort(Comparator.comparingLong((Interaction e) -> e.ts)); // List.sort is stable
        return out;
    }

    /** Reads every row or stops at the first bad one. */
    public static List<Interaction> readPositives(Path csv, double minRating, float confidence) {
        return readPositives(csv, minRating, confidence, new BadRows(false));
    }

    /** One data row: the positive it holds, null below minRating. */
    private static Interaction ratingRow(Path csv, long no, String line, double minRating, float confidence) {
        String[] f = line.split(",", -1);
        if (f.length != 4) throw BadInput.at(csv, no, "expected 4 fields (" + RATINGS_HEADER + "), got " + f.length);
        String user = f[0].strip(), item = f[1].strip();
        if (user.isEmpty()) throw BadInput.at(csv, no, "userId is empty");
        if (item.isEmpty()) throw BadInput.at(csv, no, "movieId is empty");
        double rating;
        try {
            rating = Double.parseDouble(f[2].strip());
        } catch (NumberFormatException e) {
            throw BadInput.at(csv, no, "rating \"" + f[2].strip() + "\" is not a number");
        }
        if (!Double.isFinite(rating)) throw BadInput.at(csv, no, "rating \"" + f[2].strip() + "\" is not a finite number");
        long seconds;
        try {
            seconds = Long.parseLong(f[3].strip());
        } catch (NumberFormatException e) {
            throw BadInput.at(csv, no, "timestamp \"" + f[3].strip() + "\" is not a whole number of seconds");
        }
        if (seconds < 0) throw BadInput.at(csv, no, "timestamp " + seconds + " is negative");
        return rating >= minRating ? new Interaction(user, item, "ratings", confidence, seconds * 1000) : null;
    }

    /** Splits a time-sorted log at the given fraction: [0] training, [1] stream. */
    public static List<List<Interaction>> split(List<Interaction> log, double trainFraction) {
        int cut = (int) Math.floor(log.size() * trainFraction);
        return List.of(log.subList(0, cut), log.subList(cut, log.size()));
    }

    /** A new item row on its way to the user side. */
    private record PendingRow(long dueAt, String itemId, float[] row, double support) {}

    /** Batch-trains on {@code train}, then replays {@code stream} with per-event updates, modelling the job as {@code protocol} says. */
    public static Result run(AlsConfig config, int epochs, long seed, List<Interaction> train,
                             List<Interaction> stream, Protocol protocol, Consumer<String> progress) {
        return run(config, epochs, seed, train, stream, protocol, null, progress);
    }

    /** {@link #run} with {@code extra} models ranked on the same events (null: iALS and popularity only). */
    public static Result run(AlsConfig config, int epochs, long seed, List<Interaction> train,
                             List<Interaction> stream, Protocol protocol, ReplayModels extra, Consumer<String> progress) {
        int k = config.factors();
        OnlineAls online = new OnlineAls(config);
        TrainingData data = TrainingData.of(train, config);
        Map<String, UserHistory> histories = data.histories();
        Map<String, Set<String>> own = new HashMap<>();
        for (Interaction e : train) own.computeIfAbsent(e.userId, u -> new HashSet<>()).add(e.itemId);
        int[][] userItems = data.userItems();
        float[][] userConf = data.userConf();
        long t0 = System.nanoTime();
        IalsTrainer.Factors f = IalsTrainer.train(config, userItems, userConf, data.itemIds().size(), epochs, seed,
                epoch -> progress.accept("batch iALS epoch " + epoch + "/" + epochs));
        progress.accept(String.format("batch training: %d users, %d items, %d interactions in %.1f s",
                data.userIds().size(), data.itemIds().size(), train.size(), (System.nanoTime() - t0) / 1e9));

        ItemFactorTable items = new ItemFactorTable(k);
        double[] itemSupport = data.itemSupport();
        for (int i = 0; i < data.itemIds().size(); i++) items.put(data.itemIds().get(i), f.items()[i], itemSupport[i]);
        Map<String, float[]> userRows = new HashMap<>();
        for (int u = 0; u < data.userIds().size(); u++) userRows.put(data.userIds().get(u), f.users()[u]);
        Gram userGram = IalsTrainer.gramOf(f.users(), k);
        Map<String, ItemStats> itemStats = new HashMap<>();

        // Incremental popularity (plain counts) over training and then the stream.
        Map<String, Double> popularity = new HashMap<>();
        for (Interaction e : train) popularity.merge(e.itemId, 1.0, Double::sum);
        if (extra != null) for (Interaction e : train) extra.learn(e);
        Map<String, HitRates> models = new LinkedHashMap<>();
        models.put("ials", new HitRates());
        models.put("popularity", new HitRates());
        if (extra != null) for (String name : extra.names()) models.put(name, new HitRates());

        TopNScorer scorer = new TopNScorer(items);
        ArrayDeque<PendingRow> pendingRows = new ArrayDeque<>();
        long nEval = 0, nCold = 0, nSkipped = 0;
        long[] updateNanos = new long[stream.size()];
        int updates = 0;
        int step = Math.max(1, stream.size() / 10);
        for (int n = 0; n < stream.size(); n++) {
            Interaction e = stream.get(n);
            while (!pendingRows.isEmpty() && pendingRows.peekFirst().dueAt() <= e.ts) {
                PendingRow r = pendingRows.pollFirst();
                items.put(r.itemId(), r.row(), r.support());
            }
            Set<String> mine = own.computeIfAbsent(e.userId, u -> new HashSet<>());
            if (mine.contains(e.itemId)) {
                nSkipped++;
                continue;
            }
            UserHistory history = histories.computeIfAbsent(e.userId, u -> new UserHistory());
            if (history.isEmpty()) {
                nCold++;
            } else {
                nEval++;
                List<String> excludedIds = excluded(protocol, mine, history);
                int[] exclude = excludedIds.stream().mapToInt(items::indexOf).filter(i -> i >= 0).toArray();
                float[] xu = userRows.get(e.userId);
                // Deeper when a hybrid blends the list: its candidates are iALS's top 50.
                ScoredItems top = scorer.topN(new float[][] {xu}, 1, new int[][] {exclude}, extra == null ? 20 : 50).get(0);
                int rank = indexOf(top.ids(), e.itemId);
                if (rank >= 20) rank = -1;
                boolean coldItem = popularity.getOrDefault(e.itemId, 0.0) < COLD_ITEM_SUPPORT;
                models.get("ials").record(e.userId, rank, coldItem);
                models.get("popularity").record(e.userId, popularityRank(popularity, mine, e.itemId, 20), coldItem);
                if (extra != null) {
                    ReplayModels.IalsView view = new ReplayModels.IalsView(xu, items, history.size(), top);
                    List<ScoredItems> lists = extra.rank(e, view, new HashSet<>(excludedIds), 20);
                    for (int m = 0; m < lists.size(); m++) {
                        models.get(extra.names().get(m)).record(e.userId, indexOf(lists.get(m).ids(), e.itemId), coldItem);
                    }
                }
            }
            // The update, timed: user re-solve, user Gram, item statistics and re-solve, item table.
            long s = System.nanoTime();
            float c = e.confidence;
            history.record(e.itemId, c, e.ts, config.historyLimit(), online.maxConfidence());
            float[] xNew = new float[k];
            online.solveUser(history, items, xNew);
            userGram.replace(userRows.get(e.userId), xNew);
            userRows.put(e.userId, xNew);
            int at = items.indexOf(e.itemId);
            float[] yNew = new float[k];
            ItemStats stats = online.updateItem(e.itemId, itemStats.get(e.itemId), at < 0 ? null : items.rowAt(at),
                    at < 0 ? 0 : items.supportAt(at), xNew, c, userGram, yNew);
            itemStats.put(e.itemId, stats);
            if (protocol.itemDelayMs() <= 0) items.put(e.itemId, yNew, stats.support);
            else pendingRows.addLast(new PendingRow(e.ts + protocol.itemDelayMs(), e.itemId, yNew, stats.support));
            updateNanos[updates++] = System.nanoTime() - s;
            mine.add(e.itemId);
            popularity.merge(e.itemId, 1.0, Double::sum);
            if (extra != null) extra.learn(e);
            if ((n + 1) % step == 0)
                progress.accept(String.format("stream %d/%d: hr@10 %.4f over %d evaluated", n + 1, stream.size(),
                        models.get("ials").hr10(), nEval));
        }
        long[] sorted = Arrays.copyOf(updateNanos, updates);
        Arrays.sort(sorted);
        double p50 = updates == 0 ? 0 : sorted[updates / 2] / 1e6;
        HitRates ials = models.get("ials"), pop = models.get("popularity");
        double[] ci10 = ials.interval(10, seed), ci20 = ials.interval(20, seed);
        return new Result(ials.hr10(), ials.hr20(), pop.hr10(), pop.hr20(), nEval, nCold, nSkipped, p50,
                ci10[0], ci10[1], ci20[0], ci20[1], ials.users(), models);
    }

    /**
     * 95% percentile-bootstrap interval of a hit rate over users: users resampled with replacement, the rate of each
     * resample Σhits/Σevaluated (events of one user are not independent, so users are the unit).
     */
    static double[] bootstrap(Collection<int[]> users, int hitColumn, long seed) {
        int[][] u = users.toArray(new int[0][]);
        if (u.length == 0) return new double[] {Double.NaN, Double.NaN};
        Random r = new Random(seed);
        double[] rates = new double[BOOTSTRAP];
        for (int b = 0; b < BOOTSTRAP; b++) {
            long hits = 0, evaluated = 0;
            for (int i = 0; i < u.length; i++) {
                int[] pick = u[r.nextInt(u.length)];
                hits += pick[hitColumn];
                evaluated += pick[0];
            }
            rates[b] = evaluated == 0 ? 0 : (double) hits / evaluated;
        }
        Arrays.sort(rates);
        return new double[] {rates[(int) (0.025 * BOOTSTRAP)], rates[(int) Math.ceil(0.975 * BOOTSTRAP) - 1]};
    }

    /** The items a user's list leaves out: their bounded history (as the job), or everything they have. */
    static List<String> excluded(Protocol protocol, Set<String> everything, UserHistory history) {
        return protocol.excludeHistoryOnly() ? Arrays.asList(history.itemIds) : List.copyOf(everything);
    }

    private static int indexOf(String[] ids, String id) {
        for (int i = 0; i < ids.length; i++) if (ids[i].equals(id)) return i;
        return -1;
    }

    /** Rank of {@code item} among the n most counted items the user does not have (−1 if not among them). */
    static int popularityRank(Map<String, Double> counts, Set<String> mine, String item, int n) {
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
