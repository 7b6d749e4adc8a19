package com.streamlens.operators.abtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class AllocationsTest {
    @Test
    void parsesExperimentsWithRelativeWeights() {
        assertThat(Allocations.parse("exp-a=control:90,treatment:10; exp-b = a:1,b:1,c:2"))
                .isEqualTo(Map.of("exp-a", Map.of("control", 90.0, "treatment", 10.0), "exp-b", Map.of("a", 1.0, "b", 1.0, "c", 2.0)));
        assertThat(Allocations.parse("")).isEmpty();
    }

    @Test
    void aMalformedDeclarationNamesWhatIsWrong() {
        assertThatThrownBy(() -> Allocations.parse("exp-a=control:90")).hasMessageContaining("at least two variants");
        assertThatThrownBy(() -> Allocations.parse("exp-a=control:x,t:1")).hasMessageContaining("weight of control is not a number: 'x'");
        assertThatThrownBy(() -> Allocations.parse("exp-a=control:0,t:1")).hasMessageContaining("must be positive");
        assertThatThrownBy(() -> Allocations.parse("control:1,t:1")).hasMessageContaining("expected experiment=variant:weight");
        assertThatThrownBy(() -> Allocations.parse("e=a:1,a:2")).hasMessageContaining("variant a given twice");
    }
}
