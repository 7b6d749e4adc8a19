package com.streamlens.operators.recs;

import static com.streamlens.operators.recs.RecsHarness.*;
import static org.assertj.core.api.Assertions.assertThat;

import com.streamlens.state.records.Recommendation;
import java.util.Arrays;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/** The overall popular list in Flink's test harness. */
class MergePopularListsTest {
    @Test
    void globalPopularListSumsSiteCounts() throws Exception {
        try (var h = new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(new MergePopularLists(2, 1000)),
                (Recommendation r) -> Recommendation.ALL_SITES, Types.STRING)) {
            h.open();
            h.setProcessingTime(T);
            h.processElement(new Recommendation(Recommendation.POPULAR, "s1", new String[] {"a", "b"}, new float[] {5, 4}, 0, T), T);
            h.processElement(new Recommendation(Recommendation.POPULAR, "s2", new String[] {"b", "c"}, new float[] {3, 2}, 0, T), T);
            h.processElement(new Recommendation(Recommendation.POPULAR, "s1", new String[] {"a", "b"}, new float[] {6, 4}, 0, T), T);
            h.setProcessingTime(T + 1000);
            Recommendation all = h.extractOutputValues().get(0);
            assertThat(all.id).isEqualTo(Recommendation.ALL_SITES);
            assertThat(all.items).containsExactly("b", "a");
            assertThat(Arrays.copyOf(all.scores, 2)).containsExactly(7f, 6f);
        }
    }
}
