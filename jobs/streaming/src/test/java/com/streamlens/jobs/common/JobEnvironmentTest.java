package com.streamlens.jobs.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.streamlens.jobs.testing.FlinkTestConfig;
import com.streamlens.state.events.ClickEvent;
import java.nio.file.Path;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobEnvironmentTest {
    /** Not a POJO (no default constructor): Flink would serialise it with Kryo. */
    record Opaque(java.util.Optional<String> value) {}

    @Test
    void theProductConfigurationFixesTheKeyGroupsWhateverTheParallelism(@TempDir Path checkpoints) {
        StreamExecutionEnvironment env = FlinkTestConfig.environment(checkpoints);
        env.setParallelism(100); // Flink alone would derive 256 key groups here and 128 at parallelism 2: no savepoint crosses
        env.fromData(1, 2, 3).keyBy(i -> i % 2, Types.INT).map(i -> i).sinkTo(new DiscardingSink<>());
        assertThat(env.getStreamGraph().getJobGraph().getVertices())
                .isNotEmpty().allSatisfy(v -> assertThat(v.getMaxParallelism()).isEqualTo(128));
    }

    @Test
    void aTypeThatWouldFallBackToKryoFailsTheJobGraphNotTheUpgrade() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        JobEnvironment.forbidGenericTypes(env);
        assertThatThrownBy(() -> {
            env.fromData(new Opaque(java.util.Optional.of("x"))).sinkTo(new DiscardingSink<>());
            env.getStreamGraph();
        }).hasStackTraceContaining("Generic types have been disabled");

        StreamExecutionEnvironment pojos = StreamExecutionEnvironment.getExecutionEnvironment();
        JobEnvironment.forbidGenericTypes(pojos);
        ClickEvent e = new ClickEvent();
        assertThatCode(() -> {
            pojos.fromData(e).sinkTo(new DiscardingSink<>());
            pojos.getStreamGraph();
        }).as("the product's records are POJOs").doesNotThrowAnyException();
    }
}
