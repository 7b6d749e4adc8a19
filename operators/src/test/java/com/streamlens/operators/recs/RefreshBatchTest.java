package com.streamlens.operators.recs;

import static org.assertj.core.api.Assertions.assertThat;

import com.streamlens.state.records.RefreshRequest;
import org.junit.jupiter.api.Test;

class RefreshBatchTest {
    static RefreshRequest user(String id) {
        return new RefreshRequest(id, "shop", new float[] {1, 0}, new String[0], 0);
    }

    @Test
    void theFirstRequestOpensABatchThatClosesWhenFullOrAfterTheWait() {
        RefreshBatch batch = new RefreshBatch(3, 50);
        assertThat(batch.isDue(0)).isFalse();
        assertThat(batch.add(user("a"), 1000)).as("a flush timer for the new batch").isEqualTo(1050);
        assertThat(batch.add(user("b"), 1010)).as("no second timer").isEqualTo(-1);
        assertThat(batch.isDue(1049)).isFalse();
        assertThat(batch.isDue(1050)).isTrue();
        batch.add(user("c"), 1020);
        assertThat(batch.isDue(1020)).as("full").isTrue();
        assertThat(batch.take()).extracting(r -> r.userId).containsExactly("a", "b", "c");
        assertThat(batch.isDue(5000)).as("empty after a flush").isFalse();
        assertThat(batch.add(user("d"), 6000)).isEqualTo(6050);
    }

    @Test
    void aRestoredBatchIsScoredAtTheNextChance() {
        RefreshBatch before = new RefreshBatch(10, 50);
        before.add(user("a"), 1000);
        before.add(user("b"), 1001);
        RefreshBatch after = new RefreshBatch(10, 50);
        after.restore(before.snapshot());
        assertThat(before.snapshot()).hasSize(2);
        assertThat(after.isDue(0)).isTrue();
        assertThat(after.take()).extracting(r -> r.userId).containsExactly("a", "b");
    }
}
