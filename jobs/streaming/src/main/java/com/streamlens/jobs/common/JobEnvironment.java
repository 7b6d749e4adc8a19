package com.streamlens.jobs.common;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/** What every job sets on its environment before wiring. */
public final class JobEnvironment {
    private JobEnvironment() {}

    /**
     * No Kryo fallback: a record or state type Flink cannot analyse fails the submission instead of being written
     * with Kryo, whose state a later version of the class cannot be restored from (no schema evolution).
     */
    public static void forbidGenericTypes(StreamExecutionEnvironment env) {
        env.configure(new Configuration().set(PipelineOptions.GENERIC_TYPES, false));
    }
}
