package com.streamlens.operators.recs;

import static com.streamlens.operators.testing.Harnesses.keyedState;
import static com.streamlens.operators.recs.RecsHarness.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.streamlens.operators.recs.als.Gram;
import com.streamlens.operators.recs.als.OnlineAls;
import com.streamlens.state.records.GramDelta;
import com.streamlens.state.records.ItemFactor;
import com.streamlens.state.records.ItemStats;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The item side in Flink's test harness: statistics against the broadcast user Gram, publishing bursts, retirement. */
class UpdateItemFactorsTest {
    @Test
    void itemSideAccumulatesStatisticsAgainstTheBroadcastUserGramAndRetiresASilentItem() throws Exception {
        float[] x1 = {1, 0, 0, 0}, x2 = {0, 1, 0, 0};
        Gram users = new Gram(K);
        users.replace(null, x1);
        users.replace(null, x2);
        try (var h = itemSide()) {
            h.setProcessingTime(T);
            h.setStateTtlProcessingTime(T);
            h.processBroadcastElement(new GramDelta(users.toFlatUpper(), 2), T);
            h.processElement(new ItemUpdate("i", "u1", x1, 6f, null, 0, T), T);
            h.processElement(new ItemUpdate("i", "u2", x2, 1f, null, 0, T), T);

            OnlineAls online = new OnlineAls(SETTINGS.als());
            float[] y = new float[K];
            ItemStats s = online.updateItem("i", null, null, 0, x1, 6f, users, y);
            s = online.updateItem("i", s, y, s.support, x2, 1f, users, y);
            List<ItemFactor> out = h.extractOutputValues();
            assertThat(out).hasSize(2);
            assertThat(out.get(1).support).isEqualTo(8.0); // 6 + 1 and the new item's starting row
            for (int d = 0; d < K; d++) assertThat(out.get(1).factors[d]).isCloseTo(y[d], within(1e-6f));
            assertThat(out.get(1).factors[0]).isGreaterThan(out.get(1).factors[1]); // the stronger interaction leads

            long expiry = T + RecsState.ITEM_TTL.toMillis() + 3_600_000 - T % 3_600_000; // rounded up to the hour
            h.setProcessingTime(expiry - 1);
            assertThat(h.extractOutputValues()).hasSize(2);
            h.setStateTtlProcessingTime(expiry);
            h.setProcessingTime(expiry);
            ItemFactor retirement = h.extractOutputValues().get(2);
            assertThat(retirement.itemId).isEqualTo("i");
            assertThat(retirement.isRetirement()).isTrue();
            assertThat(retirement.deletesKey()).as("a tombstone on the compacted topic").isTrue();
            assertThat(keyedState(h, "i", RecsState.itemStats())).isNull();
            assertThat(keyedState(h, "i", RecsState.itemExpiry())).isNull();
            assertThat(h.numProcessingTimeTimers()).isZero();

            // An interaction that was already under way when it retired: the item is re-primed from the row it carries.
            h.processElement(new ItemUpdate("i", "u2", x2, 1f, out.get(1).factors, out.get(1).support, expiry), expiry);
            assertThat(h.extractOutputValues().get(3).support).isEqualTo(9.0);
            assertThat(h.extractOutputValues().get(3).isRetirement()).isFalse();
        }
    }

    @Test
    void itemSidePublishesAQuietItemAtOnceAndAHotItemsBurstAsItsLatestRowOncePerInterval() throws Exception {
        float[] x1 = {1, 0, 0, 0}, x2 = {0, 1, 0, 0}, x3 = {0, 0, 1, 0};
        Gram users = new Gram(K);
        for (float[] x : List.of(x1, x2, x3)) users.replace(null, x);
        RecsSettings coalescing = new RecsSettings(ALS, 3, 1000, 2, 50, true, 60_000, 1000, 3_600_000, 10_000, 1000);
        try (var h = itemSide(coalescing)) {
            h.setProcessingTime(T);
            h.processBroadcastElement(new GramDelta(users.toFlatUpper(), 3), T);
            h.processElement(new ItemUpdate("i", "u1", x1, 1f, null, 0, T), T);
            assertThat(h.extractOutputValues()).hasSize(1); // quiet item: at once
            assertThat(h.numProcessingTimeTimers()).as("the publish window and the expiry").isEqualTo(2);

            h.setProcessingTime(T + 100);
            h.processElement(new ItemUpdate("i", "u2", x2, 1f, null, 0, T + 100), T + 100);
            h.setProcessingTime(T + 200);
            h.processElement(new ItemUpdate("i", "u3", x3, 6f, null, 0, T + 200), T + 200);
            h.processElement(new ItemUpdate("j", "u1", x1, 1f, null, 0, T + 200), T + 200);
            assertThat(h.extractOutputValues()).extracting(f -> f.itemId).containsExactly("i", "j"); // i's burst waits

            OnlineAls online = new OnlineAls(coalescing.als());
            float[] y = new float[K];
            ItemStats s = online.updateItem("i", null, null, 0, x1, 1f, users, y);
            s = online.updateItem("i", s, y, s.support, x2, 1f, users, y);
            s = online.updateItem("i", s, y, s.support, x3, 6f, users, y);
            h.setProcessingTime(T + 1000);
            List<ItemFactor> out = h.extractOutputValues();
            assertThat(out).extracting(f -> f.itemId).containsExactly("i", "j", "i"); // one row for the burst of two
            assertThat(out.get(2).support).isEqualTo(s.support);
            for (int d = 0; d < K; d++) assertThat(out.get(2).factors[d]).isCloseTo(y[d], within(1e-6f));

            // Two quiet intervals later nothing more is sent, only the two expiry timers are left and the coalescing state is gone.
            h.setProcessingTime(T + 3000);
            assertThat(h.extractOutputValues()).hasSize(3);
            assertThat(h.numProcessingTimeTimers()).isEqualTo(2);
            for (String item : List.of("i", "j")) {
                assertThat(keyedState(h, item, RecsState.unpublishedItemRow())).as(item).isNull();
                assertThat(keyedState(h, item, RecsState.itemPublishWindowEnd())).as(item).isNull();
                assertThat(keyedState(h, item, RecsState.itemStats())).as(item).isNotNull();
            }
            h.processElement(new ItemUpdate("i", "u1", x1, 1f, out.get(2).factors, out.get(2).support, T + 3000), T + 3000);
            assertThat(h.extractOutputValues()).hasSize(4); // quiet again: at once
        }
    }
}
