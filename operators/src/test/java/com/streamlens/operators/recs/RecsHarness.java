package com.streamlens.operators.recs;


import com.streamlens.operators.testing.Harnesses;
import com.streamlens.operators.recs.als.AlsConfig;
import com.streamlens.state.records.GramDelta;
import com.streamlens.state.records.ItemFactor;
import com.streamlens.state.records.Recommendation;
import java.util.List;
import java.util.Random;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.AbstractStreamOperatorTestHarness;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;

/** Shared set-up of the recommendation operators' harness tests: settings, a catalogue, harnesses, ids, outputs. */
final class RecsHarness {
    private RecsHarness() {}

    static final int K = 4;
    static final long T = 1_000_000L;
    static final AlsConfig ALS = AlsConfig.defaults().withFactors(K).withHistoryLimit(3);
    // top-3 lists, refresh at most every 1 s, batches of 2 users or 50 ms.
    static final RecsSettings SETTINGS = new RecsSettings(ALS, 3, 1000, 2, 50, true, 60_000, 1000, 3_600_000, 10_000, 0);

    static List<ItemFactor> catalogue() {
        Random r = new Random(11);
        return java.util.stream.IntStream.range(0, 12).mapToObj(i -> {
            float[] y = new float[K];
            for (int d = 0; d < K; d++) y[d] = (float) r.nextGaussian();
            return new ItemFactor("i" + i, y, 5, T);
        }).toList();
    }

    static KeyedBroadcastOperatorTestHarness<String, Interaction, ItemFactor, ItemUpdate> userSide(OperatorSubtaskState restore) throws Exception {
        return Harnesses.keyedBroadcast(new UpdateUserFactors(SETTINGS), RecsState.itemFactors(), (Interaction i) -> i.userId, restore);
    }

    /** Subtask {@code subtask} of {@code parallelism} user-side subtasks, restored from {@code restore} as repartitioned by Flink. */
    static KeyedBroadcastOperatorTestHarness<String, Interaction, ItemFactor, ItemUpdate> userSide(
            OperatorSubtaskState restore, int parallelism, int subtask) throws Exception {
        return Harnesses.keyedBroadcast(new UpdateUserFactors(SETTINGS), RecsState.itemFactors(), (Interaction i) -> i.userId,
                AbstractStreamOperatorTestHarness.repartitionOperatorState(restore, 128, 1, parallelism, subtask), parallelism, subtask);
    }

    /** A user id whose key group falls to {@code subtask} of {@code parallelism} (max parallelism 128). */
    static String userOf(int parallelism, int subtask) {
        return userOf("u", parallelism, subtask);
    }

    static String userOf(String prefix, int parallelism, int subtask) {
        for (int i = 0; ; i++) {
            if (KeyGroupRangeAssignment.assignKeyToParallelOperator(prefix + i, 128, parallelism) == subtask) return prefix + i;
        }
    }

    static Interaction click(String user, String item, float c, long ts) {
        return new Interaction(user, item, "shop", c, ts);
    }

    static List<Recommendation> lists(KeyedBroadcastOperatorTestHarness<?, ?, ?, ?> h) {
        return allLists(h, Recommendation.USER);
    }

    static List<Recommendation> allLists(KeyedBroadcastOperatorTestHarness<?, ?, ?, ?> h, String kind) {
        var q = h.getSideOutput(UpdateUserFactors.RECOMMENDATIONS);
        return q == null ? List.of() : q.stream().map(StreamRecord::getValue).filter(r -> r.kind.equals(kind)).toList();
    }

    static KeyedBroadcastOperatorTestHarness<String, ItemUpdate, GramDelta, ItemFactor> itemSide() throws Exception {
        return itemSide(SETTINGS);
    }

    static KeyedBroadcastOperatorTestHarness<String, ItemUpdate, GramDelta, ItemFactor> itemSide(RecsSettings settings) throws Exception {
        return Harnesses.keyedBroadcast(new UpdateItemFactors(settings), RecsState.userGram(), (ItemUpdate u) -> u.itemId, null);
    }

    static KeyedBroadcastOperatorTestHarness<String, Interaction, ItemFactor, Recommendation> popularSide(RecsSettings s) throws Exception {
        return Harnesses.keyedBroadcast(new TrackPopularItems(s), RecsState.retiredItems(), (Interaction i) -> i.siteId, null);
    }

}
