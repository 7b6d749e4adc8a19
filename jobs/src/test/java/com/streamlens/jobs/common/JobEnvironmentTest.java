package com.streamlens.jobs.common;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.streamlens.state.records.ClickEvent;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.junit.jupiter.api.Test;

class JobEnvironmentTest {
    /** Not a POJO (no default constructor): Flink would serialise it with Kryo. */
    record Opaque(java.util.Optional<String> value) {}

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
