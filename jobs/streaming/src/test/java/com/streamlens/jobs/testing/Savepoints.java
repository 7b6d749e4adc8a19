package com.streamlens.jobs.testing;

import java.nio.file.Path;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.jobgraph.SavepointRestoreSettings;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;

/** An upgrade's path in a test: stop a job with a savepoint, run the newly wired pipeline from it. */
public final class Savepoints {
    private Savepoints() {}

    /** Stops the job with a canonical savepoint (the format an upgrade across versions needs) under dir; its path. */
    public static String stop(JobClient job, Path dir) throws Exception {
        return job.stopWithSavepoint(false, dir.toUri().toString(), SavepointFormatType.CANONICAL).get();
    }

    /** Runs the pipeline wired on env from the savepoint; every state in it must map to an operator (no state dropped). */
    public static JobClient resume(StreamExecutionEnvironment env, String savepoint, String jobName) throws Exception {
        StreamGraph graph = env.getStreamGraph();
        graph.setJobName(jobName);
        graph.setSavepointRestoreSettings(SavepointRestoreSettings.forPath(savepoint, false));
        return env.executeAsync(graph);
    }
}
