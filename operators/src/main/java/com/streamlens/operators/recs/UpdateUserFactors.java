package com.streamlens.operators.recs;

import com.streamlens.operators.runtime.ExpiryTimer;
import com.streamlens.operators.nd4j.Nd4jThreads;
import com.streamlens.operators.recs.als.Gram;
import com.streamlens.operators.recs.als.ItemFactorTable;
import com.streamlens.operators.recs.als.OnlineAls;
import com.streamlens.operators.recs.als.ScoredItems;
import com.streamlens.operators.recs.als.TopNScorer;
import com.streamlens.state.records.GramDelta;
import com.streamlens.state.records.ItemFactor;
import com.streamlens.state.records.Recommendation;
import com.streamlens.state.records.RefreshRequest;
import com.streamlens.state.records.SimilarListings;
import com.streamlens.state.records.UserHistory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The user side of online iALS, keyed by user, with every item row as broadcast state (from the
 * {@code item-factors} topic). Per interaction: record it in the bounded history, re-solve the user row
 * exactly over the history ({@link OnlineAls#solveUser}), send the row to the item side (main output, keyed
 * by item there) and schedule the user's list refresh. Due refreshes are scored in micro-batches with one GEMM
 * over the catalogue ({@link TopNScorer}); changed items get their similar lists the same way, each item on
 * one subtask only. The user Gram change goes to the item side every {@code gramEmitMs}. A user silent for
 * {@link RecsState#USER_TTL} is forgotten by a timer, which also takes their row out of XᵀX: the item side's
 * solves then weigh the users the model still has, not everyone it ever saw.
 */
public class UpdateUserFactors extends KeyedBroadcastProcessFunction<String, Interaction, ItemFactor, ItemUpdate>
        implements CheckpointedFunction {
    private static final Logger LOG = LoggerFactory.getLogger(UpdateUserFactors.class);
    public static final OutputTag<Recommendation> RECOMMENDATIONS =
            new OutputTag<>("recommendations", TypeInformation.of(Recommendation.class)) {};
    public static final OutputTag<GramDelta> USER_GRAM = new OutputTag<>("user-gram", TypeInformation.of(GramDelta.class)) {};

    private final RecsSettings settings;

    private transient ValueState<float[]> userRow;
    private transient ValueState<UserHistory> history;
    private transient ValueState<Long> refreshDue;
    private transient ValueState<Long> lastRefresh;
    private transient ExpiryTimer expiry;
    private transient ListState<RefreshRequest> pendingState;
    private transient ListState<GramDelta> gramDeltaState;
    private transient ListState<SimilarListings> similarListingsState;
    private transient ListState<String> dueSimilarState;

    private transient OnlineAls online;
    private transient ItemFactorTable table;
    private transient TopNScorer scorer;
    private transient List<RefreshRequest> pending;
    private transient long flushAt;
    /** Items whose similar list is due (their row changed), written in GEMM batches; checkpointed. */
    private transient Set<String> similarDue;
    /** The similar lists this subtask wrote (its items only): when, and the hash codes of the ids on each; checkpointed. */
    private transient Map<String, SimilarListed> similarListed;
    /** Catalogue size when every similar list was last made due; at twice it they are due again (see {@link #onCatalogueGrowth}). */
    private transient int catalogueMark;
    /** The user Gram change since the last emission (count may go negative: it is a difference). */
    private transient Gram gramDelta;
    private transient long lastGramEmit;
    private transient int subtask;
    private transient int parallelism;
    private transient Counter interactions;
    private transient Counter userLists;
    private transient Counter similarLists;
    private transient Counter usersExpired;
    private transient Counter itemsRetired;
    private transient Counter similarListsRevised;
    private transient volatile int lastBatchSize;

    public UpdateUserFactors(RecsSettings settings) {
        this.settings = settings;
    }

    @Override
    public void initializeState(FunctionInitializationContext context) throws Exception {
        pendingState = context.getOperatorStateStore().getListState(RecsState.pendingRefreshes());
        gramDeltaState = context.getOperatorStateStore().getListState(RecsState.pendingGramDelta());
        similarListingsState = context.getOperatorStateStore().getUnionListState(RecsState.similarListings());
        dueSimilarState = context.getOperatorStateStore().getUnionListState(RecsState.dueSimilarLists());
        int k = settings.als().factors();
        pending = new ArrayList<>();
        gramDelta = new Gram(k);
        similarListed = new HashMap<>();
        similarDue = new LinkedHashSet<>();
        subtask = getRuntimeContext().getTaskInfo().getIndexOfThisSubtask();
        parallelism = getRuntimeContext().getTaskInfo().getNumberOfParallelSubtasks();
        if (context.isRestored()) {
            for (RefreshRequest r : pendingState.get()) pending.add(r);
            for (GramDelta d : gramDeltaState.get()) gramDelta.add(d.upper, d.count);
            for (SimilarListings l : similarListingsState.get()) SimilarListed.unpack(l, this::owns, similarListed);
            for (String itemId : dueSimilarState.get()) if (owns(itemId)) similarDue.add(itemId);
        }
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) throws Exception {
        pendingState.update(new ArrayList<>(pending));
        gramDeltaState.update(List.of(new GramDelta(gramDelta.toFlatUpper(), gramDelta.count())));
        similarListingsState.update(List.of(SimilarListed.pack(similarListed)));
        dueSimilarState.update(new ArrayList<>(similarDue));
    }

    /** Whether this subtask writes the item's similar list (each item on one subtask only). */
    private boolean owns(String itemId) {
        return Math.floorMod(itemId.hashCode(), parallelism) == subtask;
    }

    @Override
    public void open(OpenContext openContext) {
        Nd4jThreads.onePerCallUnlessConfigured(); // the scoring GEMM runs on this task's thread
        userRow = getRuntimeContext().getState(RecsState.userRow());
        history = getRuntimeContext().getState(RecsState.userHistory());
        refreshDue = getRuntimeContext().getState(RecsState.refreshDue());
        lastRefresh = getRuntimeContext().getState(RecsState.lastRefresh());
        expiry = new ExpiryTimer(getRuntimeContext().getState(RecsState.userExpiry()), RecsState.USER_TTL);
        online = new OnlineAls(settings.als());
        var metrics = getRuntimeContext().getMetricGroup();
        interactions = metrics.counter("interactions");
        userLists = metrics.counter("userListsWritten");
        similarLists = metrics.counter("similarListsWritten");
        usersExpired = metrics.counter("usersExpired");
        itemsRetired = metrics.counter("itemsRetired");
        similarListsRevised = metrics.counter("similarListsRevisedForRetirements");
        metrics.gauge("catalogItems", () -> table == null ? 0 : table.size());
        metrics.gauge("modelVersion", () -> table == null ? 0L : table.updates());
        metrics.gauge("lastScoringBatch", () -> lastBatchSize);
    }

    @Override
    public void processBroadcastElement(ItemFactor f, Context ctx, Collector<ItemUpdate> out) throws Exception {
        int k = settings.als().factors();
        if (f.isUserGram()) {
            if (f.gram.length != k * k) {
                LOG.warn("ignoring the snapshot's user Gram: {} entries, the job runs k={} (train-recs --factors must match)",
                        f.gram.length, k);
            } else if (subtask == 0) {
                ctx.output(USER_GRAM, new GramDelta(f.gram, f.gramCount)); // seeds the item side once: one subtask forwards it
            }
            return;
        }
        if (f.isRetirement()) {
            retire(f.itemId, ctx.getBroadcastState(RecsState.itemFactors()), ctx.currentProcessingTime(), ctx::output);
            return;
        }
        if (f.factors.length != k) {
            LOG.warn("ignoring item-factors record for {}: {} factors, the job runs k={}", f.itemId,
                    f.factors.length, settings.als().factors());
            return;
        }
        BroadcastState<String, ItemFactor> state = ctx.getBroadcastState(RecsState.itemFactors());
        state.put(f.itemId, f);
        if (table != null) {
            table.put(f.itemId, f.factors, f.support);
            onCatalogueGrowth();
        }
        if (owns(f.itemId)) {
            SimilarListed done = similarListed.get(f.itemId);
            long now = ctx.currentProcessingTime();
            if (done == null || now - done.at() >= settings.similarIntervalMs()) similarDue.add(f.itemId);
            if (similarDue.size() >= settings.batchSize()) flushSimilar(now, ctx::output);
        }
    }

    /**
     * Makes every similar list this subtask wrote due again once the catalogue has doubled since they were last made due: a
     * list written while a snapshot's rows were still arriving ranked only the items there then (the first 64 items of a
     * 100,000-item snapshot could rank each other alone), and a quiet item's row may not change again for days. Every list
     * is then ranked against at least half the catalogue, for about 4/3 of one ranking of every list more in all (a list
     * costs the catalogue's size, there are as many as items: the squares of doubling sizes sum to 4/3 of the last's).
     */
    private void onCatalogueGrowth() {
        if (table.size() < 2 * catalogueMark) return;
        int before = similarDue.size();
        similarDue.addAll(similarListed.keySet());
        if (similarDue.size() > before) LOG.info("catalogue grew from {} to {} items: {} similar lists due again", catalogueMark, table.size(),
                similarDue.size() - before);
        catalogueMark = table.size();
    }

    /**
     * Takes a retired item out of the catalogue: no list recommends it from now on, and its row leaves YᵀY. This
     * subtask's similar lists that name it are written again at once (found by the ids' hash codes; a collision
     * only rewrites a list that did not need it).
     */
    private void retire(String itemId, BroadcastState<String, ItemFactor> state, long now, Emitter emit) throws Exception {
        if (!state.contains(itemId)) return;
        state.remove(itemId);
        similarDue.remove(itemId);
        similarListed.remove(itemId);
        itemsRetired.inc();
        table(state).remove(itemId); // a restored subtask builds its table here: its restored lists need it
        int hash = itemId.hashCode();
        int naming = 0;
        for (Map.Entry<String, SimilarListed> e : similarListed.entrySet()) {
            if (Arrays.binarySearch(e.getValue().idHashes(), hash) >= 0 && similarDue.add(e.getKey())) naming++;
        }
        similarListsRevised.inc(naming);
        if (!similarDue.isEmpty()) flushSimilar(now, emit);
    }

    @Override
    public void processElement(Interaction e, ReadOnlyContext ctx, Collector<ItemUpdate> out) throws Exception {
        interactions.inc();
        ItemFactorTable items = table(ctx.getBroadcastState(RecsState.itemFactors()));
        UserHistory h = history.value();
        if (h == null) h = new UserHistory();
        h.record(e.itemId, e.confidence, e.ts, settings.als().historyLimit(), online.maxConfidence());
        h.siteId = e.siteId;
        history.update(h);

        float[] old = userRow.value();
        float[] x = new float[settings.als().factors()];
        online.solveUser(h, items, x);
        userRow.update(x);
        gramDelta.replace(old, x);

        int at = items.indexOf(e.itemId);
        out.collect(new ItemUpdate(e.itemId, e.userId, x, e.confidence, at < 0 ? null : items.rowAt(at),
                at < 0 ? 0 : items.supportAt(at), e.ts));

        long now = ctx.currentProcessingTime();
        if (refreshDue.value() == null) {
            Long last = lastRefresh.value();
            long due = last == null ? now : Math.max(now, last + settings.refreshIntervalMs());
            refreshDue.update(due);
            ctx.timerService().registerProcessingTimeTimer(due);
        }
        expiry.touch(now, ctx.timerService());
        maybeEmitGram(now, ctx::output);
    }

    /** Forgets a silent user: their row leaves XᵀX (sent with the next Gram change) and their state goes. */
    private void expire() throws Exception {
        float[] x = userRow.value();
        if (x != null) gramDelta.replace(x, null);
        userRow.clear();
        history.clear();
        refreshDue.clear();
        lastRefresh.clear();
        expiry.clear();
        usersExpired.inc();
    }

    @Override
    public void onTimer(long ts, OnTimerContext ctx, Collector<ItemUpdate> out) throws Exception {
        table(ctx.getBroadcastState(RecsState.itemFactors())); // a restored subtask may fire timers before any element
        if (expiry.isDue(ts)) expire();
        Long due = refreshDue.value();
        if (due != null && due == ts) {
            refreshDue.clear();
            lastRefresh.update(ts);
            UserHistory h = history.value();
            float[] x = userRow.value();
            // A user none of whose items has factors yet keeps no personal list: websites fall back to popular.
            if (h != null && x != null && !isZero(x)) {
                pending.add(new RefreshRequest(ctx.getCurrentKey(), h.siteId, x,
                        settings.excludeSeen() ? h.itemIds : new String[0], ts));
                if (pending.size() == 1) {
                    flushAt = ts + settings.maxWaitMs();
                    ctx.timerService().registerProcessingTimeTimer(flushAt);
                }
            }
        }
        if (!pending.isEmpty() && (pending.size() >= settings.batchSize() || ts >= flushAt)) {
            flushRefreshes(ts, ctx::output);
        }
        if (!similarDue.isEmpty()) flushSimilar(ts, ctx::output);
        maybeEmitGram(ts, ctx::output);
    }

    /** Scores the waiting users in one batch and emits their lists. */
    private void flushRefreshes(long now, Emitter emit) {
        ItemFactorTable items = table;
        int n = pending.size();
        float[][] queries = new float[n][];
        int[][] exclude = new int[n][];
        for (int b = 0; b < n; b++) {
            RefreshRequest r = pending.get(b);
            queries[b] = r.userRow;
            exclude[b] = new int[r.exclude.length];
            for (int j = 0; j < r.exclude.length; j++) exclude[b][j] = items.indexOf(r.exclude[j]);
        }
        List<ScoredItems> lists = scorer.topN(queries, n, exclude, settings.topN());
        for (int b = 0; b < n; b++) {
            ScoredItems s = lists.get(b);
            emit.output(RECOMMENDATIONS, new Recommendation(Recommendation.USER, pending.get(b).userId, s.ids(), s.scores(),
                    items.updates(), now));
        }
        userLists.inc(n);
        lastBatchSize = n;
        pending.clear();
    }

    /** Writes the due similar lists, a GEMM per batch (a retirement may make many due: the score matrix stays batch × items). */
    private void flushSimilar(long now, Emitter emit) {
        if (table == null) return; // the catalogue is built on the first interaction
        Iterator<String> due = similarDue.iterator();
        while (due.hasNext()) {
            int[] idx = new int[Math.min(settings.batchSize(), similarDue.size())];
            int n = 0;
            while (due.hasNext() && n < idx.length) {
                int i = table.indexOf(due.next());
                due.remove();
                if (i >= 0) idx[n++] = i;
            }
            List<ScoredItems> lists = scorer.similar(idx, n, settings.topN());
            for (int b = 0; b < n; b++) {
                ScoredItems s = lists.get(b);
                String id = table.idAt(idx[b]);
                emit.output(RECOMMENDATIONS, new Recommendation(Recommendation.SIMILAR, id, s.ids(), s.scores(), table.updates(), now));
                similarListed.put(id, new SimilarListed(now, SimilarListed.hashes(s.ids())));
            }
            similarLists.inc(n);
        }
    }

    private void maybeEmitGram(long now, Emitter emit) {
        if (now - lastGramEmit < settings.gramEmitMs()) return;
        lastGramEmit = now;
        emit.output(USER_GRAM, new GramDelta(gramDelta.toFlatUpper(), gramDelta.count()));
        gramDelta = new Gram(settings.als().factors());
    }

    /** The item table, built from broadcast state on first use (after a restore the state is all there is). */
    private ItemFactorTable table(ReadOnlyBroadcastState<String, ItemFactor> state) throws Exception {
        if (table == null) {
            table = new ItemFactorTable(settings.als().factors());
            for (Map.Entry<String, ItemFactor> e : state.immutableEntries()) table.put(e.getKey(), e.getValue().factors, e.getValue().support);
            scorer = new TopNScorer(table);
            catalogueMark = Math.max(1, table.size());
            LOG.info("item table built from broadcast state: {} items", table.size());
        }
        return table;
    }

    private static boolean isZero(float[] x) {
        for (float v : x) if (v != 0f) return false;
        return true;
    }

    /** When an item's similar list was written, and its ids' hash codes, sorted (4 bytes per entry instead of the ids). */
    private record SimilarListed(long at, int[] idHashes) {
        static int[] hashes(String[] ids) {
            int[] h = new int[ids.length];
            for (int i = 0; i < ids.length; i++) h[i] = ids[i].hashCode();
            Arrays.sort(h);
            return h;
        }

        /** A subtask's lists as one checkpoint element. */
        static SimilarListings pack(Map<String, SimilarListed> listed) {
            int n = listed.size(), total = 0;
            for (SimilarListed l : listed.values()) total += l.idHashes().length;
            String[] ids = new String[n];
            long[] at = new long[n];
            int[] sizes = new int[n];
            int[] hashes = new int[total];
            int i = 0, from = 0;
            for (Map.Entry<String, SimilarListed> e : listed.entrySet()) {
                int[] h = e.getValue().idHashes();
                ids[i] = e.getKey();
                at[i] = e.getValue().at();
                sizes[i++] = h.length;
                System.arraycopy(h, 0, hashes, from, h.length);
                from += h.length;
            }
            return new SimilarListings(ids, at, sizes, hashes);
        }

        /** Adds the restored lists of the items {@code owned} (union state: every subtask sees every subtask's lists). */
        static void unpack(SimilarListings l, Predicate<String> owned, Map<String, SimilarListed> into) {
            for (int i = 0, from = 0; i < l.itemIds.length; from += l.sizes[i++]) {
                if (owned.test(l.itemIds[i])) into.put(l.itemIds[i], new SimilarListed(l.writtenAt[i], Arrays.copyOfRange(l.idHashes, from, from + l.sizes[i])));
            }
        }
    }

    /** Side-output access shared by the element, broadcast and timer contexts. */
    @FunctionalInterface
    private interface Emitter {
        <X> void output(OutputTag<X> tag, X value);
    }
}
