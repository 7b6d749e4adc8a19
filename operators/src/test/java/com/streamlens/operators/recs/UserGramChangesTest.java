package com.streamlens.operators.recs;

import static org.assertj.core.api.Assertions.assertThat;

import com.streamlens.operators.recs.als.Gram;
import com.streamlens.state.records.GramDelta;
import java.util.List;
import org.junit.jupiter.api.Test;

class UserGramChangesTest {
    @Test
    void sendsTheAccumulatedChangeAtMostOncePerPeriodAndStartsOver() {
        UserGramChanges changes = new UserGramChanges(2, 1000);
        changes.replace(null, new float[] {1, 2});
        GramDelta first = changes.takeIfDue(1000);
        assertThat(first.count).isEqualTo(1);
        assertThat(first.upper).containsExactly(1, 2, 0, 4); // upper triangle of x xᵀ, row-major k×k
        changes.replace(new float[] {1, 2}, new float[] {3, 0});
        assertThat(changes.takeIfDue(1999)).as("within the period").isNull();
        GramDelta second = changes.takeIfDue(2000);
        assertThat(second.count).as("a replaced row adds no user").isZero();
        assertThat(second.upper).containsExactly(8, -2, 0, -4);
    }

    @Test
    void aLeavingUserMakesTheCountNegativeAndRestoredChangesAddUp() {
        UserGramChanges a = new UserGramChanges(2, 1000), b = new UserGramChanges(2, 1000);
        a.replace(new float[] {1, 1}, null);
        b.replace(null, new float[] {2, 0});
        UserGramChanges merged = new UserGramChanges(2, 1000);
        merged.restore(List.of(a.current(), b.current()));
        Gram expected = new Gram(2);
        expected.replace(new float[] {1, 1}, null);
        expected.replace(null, new float[] {2, 0});
        GramDelta sent = merged.takeIfDue(5000);
        assertThat(sent.count).isEqualTo(0);
        assertThat(sent.upper).containsExactly(expected.toFlatUpper());
        assertThat(a.current().count).isEqualTo(-1);
    }
}
