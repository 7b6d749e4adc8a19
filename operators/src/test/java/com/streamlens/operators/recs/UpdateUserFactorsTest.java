package com.streamlens.operators.recs;

import static com.streamlens.operators.testing.Harnesses.keyedBroadcast;
import static com.streamlens.operators.testing.Harnesses.keyedState;
import static com.streamlens.operators.recs.RecsHarness.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.streamlens.operators.recs.als.Gram;
import com.streamlens.operators.recs.als.ItemFactorTable;
import com.streamlens.operators.recs.als.OnlineAls;
import com.streamlens.state.records.ItemFactor;
import com.streamlens.state.records.Recommendation;
import com.streamlens.state.records.UserHistory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.apache.flink.streaming.util.AbstractStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/** The user side in Flink's test harness: the row solve, batched and coalesced refreshes, similar lists, checkpoints and rescaling, expiry, retirements. */
class UpdateUserFactorsTest {
    @Test
    void reSolvesTheUserOverABoundedHistoryAndSendsTheRowToTheItemSide() throws Exception {
        try (var h = userSide(null)) {
            h.setProcessingTime(T);
            for (ItemFactor f : catalogue()) h.processBroadcastElement(f, T);
            for (int i = 0; i < 5; i++) h.processElement(click("u", "i" + i, 1f, T + i), T + i);

            ItemFactorTable table = new ItemFactorTable(K);
            for (ItemFactor f : catalogue()) table.put(f.itemId, f.factors, f.support);
            UserHistory last3 = new UserHistory();
            for (int i = 2; i < 5; i++) last3.record("i" + i, 1f, T + i, 3, 12f);
            float[] expected = new float[K];
            new OnlineAls(ALS).solveUser(last3, table, expected);

            List<ItemUpdate> out = h.extractOutputValues();
            assertThat(out).hasSize(5).extracting(u -> u.itemId).containsExactly("i0", "i1", "i2", "i3", "i4");
            ItemUpdate latest = out.get(4);
            for (int d = 0; d < K; d++) assertThat(latest.userRow[d]).isCloseTo(expected[d], within(1e-5f));
            assertThat(latest.currentRow).isEqualTo(table.row("i4"));
            assertThat(latest.currentSupport).isEqualTo(5.0);
        }
    }

    @Test
    void coalescesBurstsIntoOneBatchedRefreshPerIntervalExcludingSeenItems() throws Exception {
        try (var h = userSide(null)) {
            h.setProcessingTime(T);
            for (ItemFactor f : catalogue()) h.processBroadcastElement(f, T);
            h.processElement(click("u", "i1", 1f, T), T);
            h.processElement(click("u", "i2", 6f, T), T);
            assertThat(h.numProcessingTimeTimers()).isEqualTo(2); // one refresh, due now, and u's expiry
            h.setProcessingTime(T);
            assertThat(lists(h)).isEmpty(); // waiting for its batch (2 users) or 50 ms
            h.setProcessingTime(T + 50);
            assertThat(lists(h)).singleElement().satisfies(r -> {
                assertThat(r.kind).isEqualTo(Recommendation.USER);
                assertThat(r.id).isEqualTo("u");
                assertThat(r.items).hasSize(3).doesNotContain("i1", "i2");
                assertThat(r.scores[0]).isGreaterThanOrEqualTo(r.scores[2]);
            });

            h.processElement(click("u", "i3", 1f, T + 100), T + 100);
            h.processElement(click("u", "i4", 1f, T + 200), T + 200);
            assertThat(h.numProcessingTimeTimers()).isEqualTo(2); // coalesced: due at T + 1000 (and u's expiry, the same hour)
            h.setProcessingTime(T + 999);
            assertThat(lists(h)).hasSize(1);
            h.processElement(click("v", "i5", 1f, T + 999), T + 999); // v's first refresh is due at once
            h.setProcessingTime(T + 1000); // u due too: the batch of two goes without waiting
            assertThat(lists(h)).hasSize(3).extracting(r -> r.id).containsExactly("u", "v", "u");
            assertThat(lists(h).get(2).items).doesNotContain("i2", "i3", "i4");
            // Every catalogue item got its similar list once (one subtask owns them all here), itself left out.
            assertThat(allLists(h, Recommendation.SIMILAR)).hasSize(12)
                    .allSatisfy(r -> assertThat(r.items).hasSize(3).doesNotContain(r.id));
        }
    }

    @Test
    void anItemWithTooLittleSupportGetsNoSimilarListFromIals() throws Exception {
        List<ItemFactor> catalogue = catalogue();
        try (var h = userSide(null)) {
            h.setProcessingTime(T);
            for (ItemFactor f : catalogue) h.processBroadcastElement(f, T);
            ItemFactor thin = new ItemFactor("thin", catalogue.get(0).factors, UpdateUserFactors.MIN_SIMILAR_SUPPORT - 1, T);
            h.processBroadcastElement(thin, T);
            h.processElement(click("u", "i0", 1f, T), T);
            h.setProcessingTime(T + 50);
            // Its neighbours come from content (reco:similar-content:*); the others' lists may still name it.
            assertThat(allLists(h, Recommendation.SIMILAR)).extracting(r -> r.id).hasSize(12).doesNotContain("thin");
        }
    }

    @Test
    void similarListsWrittenWhileTheCatalogueArrivedAreRankedAgainWhenItHasDoubled() throws Exception {
        List<ItemFactor> catalogue = catalogue();
        try (var h = userSide(null)) {
            h.setProcessingTime(T);
            h.processBroadcastElement(catalogue.get(0), T);
            h.processBroadcastElement(catalogue.get(1), T);
            h.processElement(click("u", "i0", 1f, T), T); // a first click while a snapshot's rows are still arriving
            h.setProcessingTime(T + 50);
            assertThat(allLists(h, Recommendation.SIMILAR)).extracting(r -> r.id).containsExactlyInAnyOrder("i0", "i1");
            assertThat(allLists(h, Recommendation.SIMILAR)).allSatisfy(r -> assertThat(r.items).hasSize(1)); // the other one alone
            for (ItemFactor f : catalogue.subList(2, catalogue.size())) h.processBroadcastElement(f, T + 50);

            // No row of i0 or i1 changed; their lists were ranked again when the catalogue reached 4 and then 8 items.
            Map<String, Recommendation> latest = new LinkedHashMap<>();
            for (Recommendation r : allLists(h, Recommendation.SIMILAR)) latest.put(r.id, r);
            assertThat(latest).hasSize(catalogue.size());
            assertThat(latest.values()).allSatisfy(r -> assertThat(r.items).as(r.id).hasSize(3).doesNotContain(r.id));
            assertThat(allLists(h, Recommendation.SIMILAR)).filteredOn(r -> r.id.equals("i0")).hasSize(3); // at 2, 4 and 8 items
        }
    }

    @Test
    void pendingRefreshesAndTheGramChangeSurviveACheckpoint() throws Exception {
        OperatorSubtaskState snapshot;
        try (var h = userSide(null)) {
            h.setProcessingTime(T);
            for (ItemFactor f : catalogue()) h.processBroadcastElement(f, T);
            h.processElement(click("u", "i1", 1f, T), T); // u's Gram change goes at once (first emission)
            assertThat(h.getSideOutput(UpdateUserFactors.USER_GRAM)).singleElement().satisfies(d -> assertThat(d.getValue().count).isEqualTo(1));
            h.setProcessingTime(T + 10); // u's refresh fires and waits for its batch
            h.processElement(click("w", "i2", 1f, T + 10), T + 10); // w's Gram change waits for the next emission
            assertThat(lists(h)).isEmpty();
            snapshot = h.snapshot(1, T + 10);
        }
        try (var restored = userSide(snapshot)) {
            restored.setProcessingTime(T + 60);
            // u's restored pending refresh, and w's, whose refresh timer was in the checkpoint too.
            assertThat(lists(restored)).extracting(r -> r.id).containsExactlyInAnyOrder("u", "w");
            assertThat(restored.getSideOutput(UpdateUserFactors.USER_GRAM)).singleElement()
                    .satisfies(d -> assertThat(d.getValue().count).isEqualTo(1)); // w's row, restored
        }
    }

    @Test
    void similarListsDueAtACheckpointAreWrittenAfterTheRestoreAlsoRescaled() throws Exception {
        OperatorSubtaskState snapshot;
        try (var h = userSide(null)) {
            h.setProcessingTime(T);
            for (ItemFactor f : catalogue()) h.processBroadcastElement(f, T); // due, unwritten: no catalogue before a first click
            assertThat(allLists(h, Recommendation.SIMILAR)).isEmpty();
            snapshot = h.snapshot(1, T);
        }
        try (var restored = userSide(snapshot)) {
            restored.setProcessingTime(T + 100);
            restored.processElement(click("u", "i1", 1f, T + 100), T + 100);
            restored.setProcessingTime(T + 200);
            assertThat(allLists(restored, Recommendation.SIMILAR)).extracting(r -> r.id)
                    .containsExactlyInAnyOrderElementsOf(catalogue().stream().map(f -> f.itemId).toList());
        }
        // Rescaled to two subtasks: each writes the due lists of the items it now owns, every list once.
        List<String> written = new ArrayList<>();
        for (int subtask = 0; subtask < 2; subtask++) {
            try (var restored = userSide(snapshot, 2, subtask)) {
                restored.setProcessingTime(T + 100);
                restored.processElement(click(userOf(2, subtask), "i1", 1f, T + 100), T + 100);
                restored.setProcessingTime(T + 200);
                int s = subtask;
                List<Recommendation> lists = allLists(restored, Recommendation.SIMILAR);
                assertThat(lists).allSatisfy(r -> assertThat(Math.floorMod(r.id.hashCode(), 2)).as("owner of " + r.id).isEqualTo(s));
                lists.forEach(r -> written.add(r.id));
            }
        }
        assertThat(written).containsExactlyInAnyOrderElementsOf(catalogue().stream().map(f -> f.itemId).toList());
    }

    @Test
    void onAScaleUpEachWaitingRefreshIsWrittenOnceByTheSubtaskThatOwnsItsUser() throws Exception {
        RecsSettings bigBatches = new RecsSettings(ALS, 3, 1000, 10, 50, true, 60_000, 1000, 3_600_000, 10_000, 0);
        List<String> users = List.of(userOf("x", 2, 0), userOf("y", 2, 1), userOf("z", 2, 1));
        OperatorSubtaskState snapshot;
        try (var h = keyedBroadcast(new UpdateUserFactors(bigBatches), RecsState.itemFactors(), (Interaction i) -> i.userId, null)) {
            h.setProcessingTime(T);
            for (ItemFactor f : catalogue()) h.processBroadcastElement(f, T);
            for (String u : users) h.processElement(click(u, "i1", 1f, T), T);
            h.setProcessingTime(T + 10); // their refreshes fire and wait for a batch of 10 or 50 ms
            assertThat(lists(h)).isEmpty();
            snapshot = h.snapshot(1, T + 10);
        }
        List<String> written = new ArrayList<>();
        for (int subtask = 0; subtask < 2; subtask++) {
            try (var restored = keyedBroadcast(new UpdateUserFactors(bigBatches), RecsState.itemFactors(), (Interaction i) -> i.userId,
                    AbstractStreamOperatorTestHarness.repartitionOperatorState(snapshot, 128, 1, 2, subtask), 2, subtask)) {
                restored.setProcessingTime(T + 100);
                restored.processBroadcastElement(catalogue().get(0), T + 100); // the first record to reach a subtask flushes
                for (Recommendation r : lists(restored)) {
                    assertThat(KeyGroupRangeAssignment.assignKeyToParallelOperator(r.id, 128, 2)).as("written by its owner: " + r.id).isEqualTo(subtask);
                    written.add(r.id);
                }
            }
        }
        assertThat(written).as("each waiting refresh once").containsExactlyInAnyOrderElementsOf(users);
    }

    @Test
    void twoSubtasksPendingRefreshesAndGramChangesMergeIntoOneOnAScaleDown() throws Exception {
        OperatorSubtaskState[] snapshots = new OperatorSubtaskState[2];
        List<String> waiting = new ArrayList<>();
        for (int subtask = 0; subtask < 2; subtask++) {
            try (var h = keyedBroadcast(new UpdateUserFactors(SETTINGS), RecsState.itemFactors(), (Interaction i) -> i.userId, null, 2, subtask)) {
                h.setProcessingTime(T);
                for (ItemFactor f : catalogue()) h.processBroadcastElement(f, T);
                String first = userOf("a", 2, subtask), second = userOf("b", 2, subtask);
                h.processElement(click(first, "i1", 1f, T), T); // its Gram change goes at once (first emission)
                h.setProcessingTime(T + 10); // its refresh fires and waits for its batch
                h.processElement(click(second, "i2", 1f, T + 10), T + 10); // its Gram change waits for the next emission
                assertThat(lists(h)).isEmpty();
                waiting.add(first);
                waiting.add(second);
                snapshots[subtask] = h.snapshot(1, T + 10);
            }
        }
        OperatorSubtaskState merged = AbstractStreamOperatorTestHarness.repackageState(snapshots);
        try (var restored = keyedBroadcast(new UpdateUserFactors(SETTINGS), RecsState.itemFactors(), (Interaction i) -> i.userId,
                AbstractStreamOperatorTestHarness.repartitionOperatorState(merged, 128, 2, 1, 0), 1, 0)) {
            restored.setProcessingTime(T + 60);
            assertThat(lists(restored)).as("every waiting refresh, once").extracting(r -> r.id).containsExactlyInAnyOrderElementsOf(waiting);
            assertThat(restored.getSideOutput(UpdateUserFactors.USER_GRAM)).as("both subtasks' unsent changes, in one")
                    .singleElement().satisfies(d -> assertThat(d.getValue().count).isEqualTo(2));
        }
    }

    @Test
    void recordsOfAnotherFactorLengthAreIgnoredNotFatal() throws Exception {
        try (var h = userSide(null)) {
            h.setProcessingTime(T);
            h.processBroadcastElement(new ItemFactor("wrong-k", new float[] {1, 2, 3}, 1, T), T);
            h.processBroadcastElement(ItemFactor.userGram(new double[9], 3, T), T);
            h.processBroadcastElement(ItemFactor.userGram(new double[K * K], 3, T), T);
            assertThat(h.getBroadcastState(RecsState.itemFactors()).contains("wrong-k")).isFalse();
            assertThat(h.getSideOutput(UpdateUserFactors.USER_GRAM)).singleElement()
                    .satisfies(d -> assertThat(d.getValue().count).isEqualTo(3)); // only the matching Gram goes on
        }
    }

    @Test
    void aSilentUsersStateGoesAfterTheTtlTheirRowLeavesTheUserGramAndTheyStartOver() throws Exception {
        try (var h = userSide(null)) {
            h.setProcessingTime(T);
            h.setStateTtlProcessingTime(T);
            for (ItemFactor f : catalogue()) h.processBroadcastElement(f, T);
            h.processElement(click("u", "i1", 1f, T), T);
            h.processElement(click("u", "i2", 1f, T), T);
            h.setProcessingTime(T + 2000);
            assertThat(h.getSideOutput(UpdateUserFactors.USER_GRAM)).as("the user entered XᵀX").isNotEmpty();
            long ttl = RecsState.USER_TTL.toMillis();
            h.setProcessingTime(T + ttl - 1);
            assertThat(keyedState(h, "u", RecsState.userRow())).as("not yet").isNotNull();

            long expiry = T + ttl + 3_600_000; // the timer is rounded up to the hour
            h.setStateTtlProcessingTime(expiry);
            h.setProcessingTime(expiry);
            assertThat(keyedState(h, "u", RecsState.userRow())).isNull();
            assertThat(keyedState(h, "u", RecsState.userHistory())).isNull();
            assertThat(keyedState(h, "u", RecsState.userExpiry())).isNull();
            assertThat(h.numProcessingTimeTimers()).isZero();
            // The item side's XᵀX is the sum of the Gram changes sent: with the only user gone it is empty again.
            Gram itemSideView = new Gram(K);
            for (var d : h.getSideOutput(UpdateUserFactors.USER_GRAM)) itemSideView.add(d.getValue().upper, d.getValue().count);
            assertThat(itemSideView.count()).isZero();
            for (int r = 0; r < K; r++) {
                for (int c = r; c < K; c++) assertThat(itemSideView.at(r, c)).isCloseTo(0.0, within(1e-6));
            }

            h.processElement(click("u", "i3", 1f, expiry), expiry);
            ItemFactorTable table = new ItemFactorTable(K);
            for (ItemFactor f : catalogue()) table.put(f.itemId, f.factors, f.support);
            UserHistory fresh = new UserHistory();
            fresh.record("i3", 1f, expiry, 3, 12f);
            float[] expected = new float[K];
            new OnlineAls(ALS).solveUser(fresh, table, expected);
            ItemUpdate last = h.extractOutputValues().get(2);
            for (int d = 0; d < K; d++) assertThat(last.userRow[d]).isCloseTo(expected[d], within(1e-5f));
        }
    }

    @Test
    void anActiveUsersExpiryTimerMovesOncePerHourNotPerClick() throws Exception {
        try (var h = userSide(null)) {
            h.setProcessingTime(T);
            for (ItemFactor f : catalogue()) h.processBroadcastElement(f, T);
            for (int i = 0; i < 5; i++) h.processElement(click("u", "i" + i, 1f, T + i), T + i);
            Long first = keyedState(h, "u", RecsState.userExpiry());
            assertThat(first).isGreaterThanOrEqualTo(T + RecsState.USER_TTL.toMillis()).isEqualTo(first / 3_600_000 * 3_600_000);
            h.setProcessingTime(T + 2 * 3_600_000);
            h.processElement(click("u", "i6", 1f, T), T);
            assertThat(keyedState(h, "u", RecsState.userExpiry())).isEqualTo(first + 2 * 3_600_000);
            assertThat(h.numProcessingTimeTimers()).as("the list refresh and one expiry: the earlier expiry timer is deleted").isEqualTo(2);
        }
    }

    @Test
    void aRetiredItemLeavesTheCatalogueListsAndSimilarLists() throws Exception {
        try (var h = userSide(null)) {
            h.setProcessingTime(T);
            for (ItemFactor f : catalogue()) h.processBroadcastElement(f, T);
            h.processElement(click("u", "i1", 6f, T), T);
            h.setProcessingTime(T + 100);
            List<String> before = Arrays.asList(lists(h).get(0).items);
            String top = before.get(0);

            List<Recommendation> similarBefore = allLists(h, Recommendation.SIMILAR);
            Map<String, Recommendation> latestSimilar = new HashMap<>();
            for (Recommendation r : similarBefore) latestSimilar.put(r.id, r);
            Set<String> naming = latestSimilar.values().stream().filter(r -> Arrays.asList(r.items).contains(top))
                    .map(r -> r.id).collect(Collectors.toSet());
            assertThat(naming).as("similar lists that name the item about to retire").isNotEmpty();
            h.processBroadcastElement(ItemFactor.retirement(top, T + 200), T + 200);
            h.processBroadcastElement(ItemFactor.retirement("never-seen", T + 200), T + 200); // nothing to do, no error
            assertThat(h.getBroadcastState(RecsState.itemFactors()).contains(top)).isFalse();
            assertThat(h.getBroadcastState(RecsState.itemFactors()).contains("i0")).isTrue();
            // Every similar list that named it is written again at once, without it.
            List<Recommendation> similarNow = allLists(h, Recommendation.SIMILAR);
            List<Recommendation> revised = similarNow.subList(similarBefore.size(), similarNow.size());
            assertThat(revised).extracting(r -> r.id).containsAll(naming);
            assertThat(revised).allSatisfy(r -> assertThat(r.items).hasSize(3).doesNotContain(top));
            int similarAfterRetirement = similarBefore.size() + revised.size();

            h.setProcessingTime(T + 1500);
            h.processElement(click("u", "i2", 6f, T + 1500), T + 1500);
            h.setProcessingTime(T + 3000);
            List<Recommendation> after = lists(h);
            assertThat(after).hasSize(2);
            assertThat(after.get(1).items).hasSize(3).doesNotContain(top);
            // Items whose rows change a minute later get new similar lists; none names the retired item.
            h.setProcessingTime(T + 61_000);
            for (ItemFactor f : catalogue().stream().filter(f -> !f.itemId.equals(top)).limit(2).toList()) {
                h.processBroadcastElement(new ItemFactor(f.itemId, f.factors, 6, T + 61_000), T + 61_000);
            }
            List<Recommendation> similar = allLists(h, Recommendation.SIMILAR);
            assertThat(similar.subList(similarAfterRetirement, similar.size())).hasSize(2)
                    .allSatisfy(r -> assertThat(r.items).hasSize(3).doesNotContain(top));

            // The catalogue built after a restore has no trace of it either.
            OperatorSubtaskState snapshot = h.snapshot(1, T + 3000);
            try (var restored = userSide(snapshot)) {
                restored.setProcessingTime(T + 5000);
                restored.processElement(click("u", "i3", 6f, T + 5000), T + 5000);
                restored.setProcessingTime(T + 7000);
                assertThat(lists(restored)).isNotEmpty().allSatisfy(r -> assertThat(r.items).doesNotContain(top));
            }
        }
    }

    @Test
    void aRetirementAfterARestoreOrARescaleStillRewritesTheSimilarListsThatNameIt() throws Exception {
        OperatorSubtaskState snapshot;
        Map<String, Recommendation> latestSimilar = new HashMap<>();
        try (var h = userSide(null)) {
            h.setProcessingTime(T);
            for (ItemFactor f : catalogue()) h.processBroadcastElement(f, T);
            h.processElement(click("u", "i1", 6f, T), T);
            h.setProcessingTime(T + 100);
            for (Recommendation r : allLists(h, Recommendation.SIMILAR)) latestSimilar.put(r.id, r);
            snapshot = h.snapshot(1, T + 100);
        }
        assertThat(latestSimilar).as("every item's similar list written before the checkpoint").hasSize(catalogue().size());
        // The item most similar lists name.
        Map<String, Long> named = latestSimilar.values().stream().flatMap(r -> Arrays.stream(r.items))
                .collect(Collectors.groupingBy(id -> id, Collectors.counting()));
        String retired = Collections.max(named.entrySet(), Map.Entry.comparingByValue()).getKey();
        Set<String> naming = latestSimilar.values().stream().filter(r -> Arrays.asList(r.items).contains(retired))
                .map(r -> r.id).collect(Collectors.toSet());
        assertThat(naming).hasSizeGreaterThan(1);

        try (var restored = userSide(snapshot)) {
            restored.setProcessingTime(T + 200);
            restored.processBroadcastElement(ItemFactor.retirement(retired, T + 200), T + 200);
            assertThat(allLists(restored, Recommendation.SIMILAR)).as("lists written before the restore, rewritten")
                    .allSatisfy(r -> assertThat(r.items).hasSize(3).doesNotContain(retired))
                    .extracting(r -> r.id).containsExactlyInAnyOrderElementsOf(naming);
        }
        // Rescaled to two subtasks: each takes over the lists of the items it now owns, and rewrites those.
        Set<String> rewritten = new HashSet<>();
        for (int subtask = 0; subtask < 2; subtask++) {
            try (var restored = userSide(snapshot, 2, subtask)) {
                restored.setProcessingTime(T + 200);
                restored.processBroadcastElement(ItemFactor.retirement(retired, T + 200), T + 200);
                int s = subtask;
                List<Recommendation> lists = allLists(restored, Recommendation.SIMILAR);
                assertThat(lists).allSatisfy(r -> {
                    assertThat(Math.floorMod(r.id.hashCode(), 2)).as("owner of " + r.id).isEqualTo(s);
                    assertThat(r.items).doesNotContain(retired);
                });
                for (Recommendation r : lists) assertThat(rewritten.add(r.id)).as("written once: " + r.id).isTrue();
            }
        }
        assertThat(rewritten).isEqualTo(naming);
    }
}
