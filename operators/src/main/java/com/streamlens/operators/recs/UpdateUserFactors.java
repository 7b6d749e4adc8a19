package com.streamlens.operators.recs;

import com.streamlens.operators.nd4j.Nd4jThreads;
import com.streamlens.operators.recs.als.ItemFactorTable;
import com.streamlens.operators.recs.als.OnlineAls;
import com.streamlens.operators.recs.als.ScoredItems;
import com.streamlens.operators.recs.als.TopNScorer;
import com.streamlens.operators.runtime.ExpiryTimer;
import com.streamlens.state.records.GramDelta;
import com.streamlens.state.records.ItemFactor;
import com.streamlens.state.records.Recommendation;
import com.streamlens.state.records.RefreshRequest;
import com.streamlens.state.records.SimilarListings;
import com.streamlens.state.records.UserHistory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
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
 * over the catalogue ({@link TopNScorer}; {@link RefreshBatch}); changed items get their similar lists the same way,
 * each item on one subtask only ({@link SimilarListBook}). The user Gram change goes to the item side every
 * {@code gramEmitMs} ({@link UserGramChanges}). A user silent for {@link RecsState#USER_TTL} is forgotten by a timer
 * ({@link ExpiryTimer}), which also takes their row out of XᵀX: the item side's solves then weigh the users the model
 * still has, not everyone it ever saw. This class wires those parts to Flink's state, timers and outputs.
 */
public class UpdateUserFactors extends KeyedBroadcastProcessFunction<String, Interaction, ItemFactor, ItemUpdate>
        implements CheckpointedFunction {
    private static final Logger LOG = LoggerFactory.getLogger(UpdateUserFactors.class);
    /** An item needs this much support (Σ confidence of its interactions) before iALS writes its similar list. */
    public static final double MIN_SIMILAR_SUPPORT = 5;

    public static final OutputTag<Recommendation> RECOMMENDATIONS =
            new OutputTag<>("recommendations", TypeInformation.of(Recommendation.class)) {};
    public static final OutputTag<GramDelta> USER_GRAM = new OutputTag<>("user-gram", TypeInformation.of(GramDelta.class)) {};

    private final RecsSettings settings;

    private transient ValueState<float[]> userRow;
    private transient ValueState<UserHistory> history;
    private transient ValueState<Long> refreshDue;
    private transient ValueState<Long> lastRefresh;
    private transient ExpiryTimer expiry;
    private transient ListState<RefreshRequest> waitingState;
    private transient ListState<RefreshRequest> legacyPendingState;
    private transient ListState<GramDelta> gramDeltaState;
    private transient ListState<SimilarListings> similarListingsState;
    private transient ListState<String> dueSimilarState;

    private transient OnlineAls online;
    /** This subtask's mirror of the broadcast item rows, built on first use (after a restore the state is all there is). */
    private transient ItemFactorTable table;
    private transient TopNScorer scorer;
    private transient RefreshBatch refreshes;
    private transient SimilarListBook similar;
    private transient UserGramChanges gramChanges;
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
        var operatorState = context.getOperatorStateStore();
        waitingState = operatorState.getUnionListState(RecsState.waitingRefreshes());
        legacyPendingState = operatorState.getListState(RecsState.pendingRefreshes());
        gramDeltaState = operatorState.getListState(RecsState.pendingGramDelta());
        similarListingsState = operatorState.getUnionListState(RecsState.similarListings());
        dueSimilarState = operatorState.getUnionListState(RecsState.dueSimilarLists());
        var task = getRuntimeContext().getTaskInfo();
        refreshes = new RefreshBatch(settings.batchSize(), settings.maxWaitMs());
        similar = new SimilarListBook(task.getIndexOfThisSubtask(), task.getNumberOfParallelSubtasks(), settings.similarIntervalMs());
        gramChanges = new UserGramChanges(settings.als().factors(), settings.gramEmitMs());
        if (context.isRestored()) {
            // Union state: every subtask sees every waiting refresh and keeps its own users'. The split legacy state of
            // an older savepoint holds some users this subtask no longer owns: their lists wait for their next interaction.
            List<RefreshRequest> owned = new ArrayList<>();
            for (RefreshRequest r : waitingState.get()) if (ownsUser(r.userId)) owned.add(r);
            int lost = 0;
            for (RefreshRequest r : legacyPendingState.get()) {
                if (ownsUser(r.userId)) owned.add(r);
                else lost++;
            }
            if (lost > 0) LOG.info("{} list refreshes waiting in an older savepoint's split state belong to users now on other subtasks: skipped", lost);
            refreshes.restore(owned);
            gramChanges.restore(gramDeltaState.get());
            similar.restore(similarListingsState.get(), dueSimilarState.get());
        }
    }

    /** Whether the user's key group is on this subtask (the keyBy's assignment, for the user id as key). */
    private boolean ownsUser(String userId) {
        var task = getRuntimeContext().getTaskInfo();
        return KeyGroupRangeAssignment.assignKeyToParallelOperator(userId, task.getMaxNumberOfParallelSubtasks(),
                task.getNumberOfParallelSubtasks()) == task.getIndexOfThisSubtask();
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) throws Exception {
        waitingState.update(refreshes.snapshot());
        legacyPendingState.update(List.of());
        gramDeltaState.update(List.of(gramChanges.current()));
        similarListingsState.update(List.of(similar.pack()));
        dueSimilarState.update(similar.dueItems());
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
        flushWaitingRefreshesIfDue(ctx.currentProcessingTime(), ctx.getBroadcastState(RecsState.itemFactors()), ctx::output);
        int k = settings.als().factors();
        if (f.isUserGram()) {
            if (f.gram.length != k * k) {
                LOG.warn("ignoring the snapshot's user Gram: {} entries, the job runs k={} (train-recs --factors must match)",
                        f.gram.length, k);
            } else if (getRuntimeContext().getTaskInfo().getIndexOfThisSubtask() == 0) {
                ctx.output(USER_GRAM, new GramDelta(f.gram, f.gramCount)); // seeds the item side once: one subtask forwards it
            }
            return;
        }
        if (f.isRetirement()) {
            retire(f.itemId, ctx.getBroadcastState(RecsState.itemFactors()), ctx.currentProcessingTime(), ctx::output);
            return;
        }
        if (f.factors.length != k) {
            LOG.warn("ignoring item-factors record for {}: {} factors, the job runs k={}", f.itemId, f.factors.length, k);
            return;
        }
        BroadcastState<String, ItemFactor> state = ctx.getBroadcastState(RecsState.itemFactors());
        state.put(f.itemId, f);
        if (table != null) {
            table.put(f.itemId, f.factors, f.support);
            int dueAgain = similar.catalogueGrew(table.size());
            if (dueAgain > 0) LOG.info("catalogue grew to {} items: {} similar lists due again", table.size(), dueAgain);
        }
        if (similar.owns(f.itemId)) {
            long now = ctx.currentProcessingTime();
            similar.rowChanged(f.itemId, now);
            if (similar.dueCount() >= settings.batchSize()) flushSimilar(now, ctx::output);
        }
    }

    /** Takes a retired item out of the catalogue (no list recommends it from now on, its row leaves YᵀY) and rewrites the similar lists naming it. */
    private void retire(String itemId, BroadcastState<String, ItemFactor> state, long now, Emitter emit) throws Exception {
        if (!state.contains(itemId)) return;
        state.remove(itemId);
        itemsRetired.inc();
        table(state).remove(itemId); // a restored subtask builds its table here: its restored lists need it
        similarListsRevised.inc(similar.retired(itemId));
        if (similar.dueCount() > 0) flushSimilar(now, emit);
    }

    /**
     * Scores a due batch now rather than at the next timer: refreshes restored from a checkpoint are due at once, and
     * on a subtask whose users are quiet no timer may fire for a long time.
     */
    private void flushWaitingRefreshesIfDue(long now, ReadOnlyBroadcastState<String, ItemFactor> items, Emitter emit) throws Exception {
        if (!refreshes.isDue(now)) return;
        table(items);
        flushRefreshes(now, emit);
    }

    @Override
    public void processElement(Interaction e, ReadOnlyContext ctx, Collector<ItemUpdate> out) throws Exception {
        interactions.inc();
        flushWaitingRefreshesIfDue(ctx.currentProcessingTime(), ctx.getBroadcastState(RecsState.itemFactors()), ctx::output);
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
        gramChanges.replace(old, x);

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
        emitGramChangeIfDue(now, ctx::output);
    }

    /** Forgets a silent user: their row leaves XᵀX (sent with the next Gram change) and their state goes. */
    private void expire() throws Exception {
        float[] x = userRow.value();
        if (x != null) gramChanges.replace(x, null);
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
                long flushAt = refreshes.add(new RefreshRequest(ctx.getCurrentKey(), h.siteId, x,
                        settings.excludeSeen() ? h.itemIds : new String[0], ts), ts);
                if (flushAt >= 0) ctx.timerService().registerProcessingTimeTimer(flushAt);
            }
        }
        if (refreshes.isDue(ts)) flushRefreshes(ts, ctx::output);
        if (similar.dueCount() > 0) flushSimilar(ts, ctx::output);
        emitGramChangeIfDue(ts, ctx::output);
    }

    /** Scores the waiting users in one batch and emits their lists. */
    private void flushRefreshes(long now, Emitter emit) {
        List<RefreshRequest> batch = refreshes.take();
        int n = batch.size();
        float[][] queries = new float[n][];
        int[][] exclude = new int[n][];
        for (int b = 0; b < n; b++) {
            RefreshRequest r = batch.get(b);
            queries[b] = r.userRow;
            exclude[b] = new int[r.exclude.length];
            for (int j = 0; j < r.exclude.length; j++) exclude[b][j] = table.indexOf(r.exclude[j]);
        }
        List<ScoredItems> lists = scorer.topN(queries, n, exclude, settings.topN());
        for (int b = 0; b < n; b++) {
            ScoredItems s = lists.get(b);
            emit.output(RECOMMENDATIONS, new Recommendation(Recommendation.USER, batch.get(b).userId, s.ids(), s.scores(),
                    table.updates(), now));
        }
        userLists.inc(n);
        lastBatchSize = n;
    }

    /** Writes the due similar lists, a GEMM per batch (a retirement may make many due: the score matrix stays batch × items). */
    private void flushSimilar(long now, Emitter emit) {
        if (table == null) return; // the catalogue is built on the first interaction
        while (similar.dueCount() > 0) {
            List<String> due = similar.takeDue(settings.batchSize());
            int[] idx = new int[due.size()];
            int n = 0;
            for (String itemId : due) {
                int i = table.indexOf(itemId);
                // Too little support makes a row noise: such an item's neighbours come from content (reco:similar-content:*).
                if (i >= 0 && table.supportAt(i) >= MIN_SIMILAR_SUPPORT) idx[n++] = i;
            }
            if (n == 0) continue;
            List<ScoredItems> lists = scorer.similar(idx, n, settings.topN());
            for (int b = 0; b < n; b++) {
                ScoredItems s = lists.get(b);
                String id = table.idAt(idx[b]);
                emit.output(RECOMMENDATIONS, new Recommendation(Recommendation.SIMILAR, id, s.ids(), s.scores(), table.updates(), now));
                similar.written(id, s.ids(), now);
            }
            similarLists.inc(n);
        }
    }

    private void emitGramChangeIfDue(long now, Emitter emit) {
        GramDelta change = gramChanges.takeIfDue(now);
        if (change != null) emit.output(USER_GRAM, change);
    }

    /** The item table, built from broadcast state on first use (after a restore the state is all there is). */
    private ItemFactorTable table(ReadOnlyBroadcastState<String, ItemFactor> state) throws Exception {
        if (table == null) {
            table = new ItemFactorTable(settings.als().factors());
            for (Map.Entry<String, ItemFactor> e : state.immutableEntries()) table.put(e.getKey(), e.getValue().factors, e.getValue().support);
            scorer = new TopNScorer(table);
            similar.catalogueBuilt(table.size());
            LOG.info("item table built from broadcast state: {} items", table.size());
        }
        return table;
    }

    private static boolean isZero(float[] x) {
        for (float v : x) if (v != 0f) return false;
        return true;
    }

    /** Side-output access shared by the element, broadcast and timer contexts. */
    @FunctionalInterface
    private interface Emitter {
        <X> void output(OutputTag<X> tag, X value);
    }
}
