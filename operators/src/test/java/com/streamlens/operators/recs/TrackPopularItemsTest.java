package com.streamlens.operators.recs;

import static com.streamlens.operators.recs.RecsHarness.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.streamlens.state.records.ItemFactor;
import com.streamlens.state.records.Recommendation;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Per-site popular lists in Flink's test harness: decayed counts, retirements. */
class TrackPopularItemsTest {
    @Test
    void popularListsRankDecayedCountsPerSite() throws Exception {
        RecsSettings s = new RecsSettings(ALS, 2, 1000, 2, 50, true, 60_000, 1000, 3_600_000, 10_000, 0);
        try (var h = popularSide(s)) {
            h.setProcessingTime(T);
            long hour = Duration.ofHours(1).toMillis();
            h.processElement(new Interaction("u1", "old", "shop", 6f, T - 3 * hour), T);     // 6 three half-lives ago: 0.75
            h.processElement(new Interaction("u2", "fresh", "shop", 1f, T), T);
            h.processElement(new Interaction("u3", "hit", "shop", 1f, T), T);
            h.processElement(new Interaction("u4", "hit", "shop", 1f, T), T);
            assertThat(h.numProcessingTimeTimers()).isEqualTo(1);
            h.setProcessingTime(T + 10_000);
            Recommendation r = h.extractOutputValues().get(0);
            assertThat(r.kind).isEqualTo(Recommendation.POPULAR);
            assertThat(r.id).isEqualTo("shop");
            assertThat(r.items).containsExactly("hit", "fresh");
            assertThat((double) r.scores[0]).isCloseTo(2 * Math.pow(2, -10_000.0 / hour), within(1e-4));
            assertThat(h.numProcessingTimeTimers()).isEqualTo(1); // the next list is scheduled
        }
    }

    @Test
    void aRetiredItemLeavesEverySitesPopularListAndStaleInteractionsDoNotBringItBack() throws Exception {
        RecsSettings s = new RecsSettings(ALS, 2, 1000, 2, 50, true, 60_000, 1000, 3_600_000, 10_000, 0);
        try (var h = popularSide(s)) {
            h.setProcessingTime(T);
            for (String site : List.of("shop", "mall")) {
                h.processElement(new Interaction("u1", "gone", site, 6f, T), T);
                h.processElement(new Interaction("u2", "kept", site, 1f, T), T);
            }
            h.processBroadcastElement(new ItemFactor("gone", new float[] {1, 0}, 1, T), T); // a row update, not a retirement
            h.processBroadcastElement(ItemFactor.retirement("gone", T + 5_000), T + 5_000);
            h.processElement(new Interaction("u3", "gone", "shop", 6f, T + 4_000), T + 5_000); // stamped before it retired
            h.setProcessingTime(T + 10_000);
            List<Recommendation> lists = h.extractOutputValues();
            assertThat(lists).extracting(r -> r.id).containsExactlyInAnyOrder("shop", "mall");
            assertThat(lists).allSatisfy(r -> assertThat(r.items).containsExactly("kept"));
            assertThat(h.getOperator().getOperatorStateBackend().getBroadcastState(RecsState.retiredItems()).get("gone"))
                    .isEqualTo(T + 5_000);

            // Later interactions are real again (a re-listed item), and a retirement a day on forgets the old one.
            h.processElement(new Interaction("u4", "gone", "shop", 6f, T + 20_000), T + 20_000);
            h.processBroadcastElement(ItemFactor.retirement("other", T + 5_000 + Duration.ofDays(1).toMillis() + 1), T + 30_000);
            assertThat(h.getOperator().getOperatorStateBackend().getBroadcastState(RecsState.retiredItems()).contains("gone")).isFalse();
            h.setProcessingTime(T + 20_000);
            Recommendation shop = h.extractOutputValues().stream().filter(r -> r.id.equals("shop")).reduce((a, b) -> b).orElseThrow();
            assertThat(shop.items).containsExactly("gone", "kept");
        }
    }
}
