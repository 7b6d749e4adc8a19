package com.streamlens.jobs.testing;

import java.time.Duration;
import org.apache.flink.api.common.JobID;
import org.apache.flink.core.execution.CheckpointType;
import org.apache.flink.runtime.checkpoint.RestoredCheckpointStats;
import org.apache.flink.runtime.minicluster.MiniCluster;

/** A crash in a test: checkpoints when the test says so, a task manager killed mid-stream, where the job resumed. */
public final class Failover {
    private Failover() {}

    /** Triggers a checkpoint and waits until it completes; retried while the job's tasks are still starting. Its id. */
    public static long checkpoint(MiniCluster cluster, JobID job) throws Exception {
        long deadline = System.currentTimeMillis() + Duration.ofSeconds(90).toMillis();
        while (true) {
            try {
                return cluster.triggerCheckpoint(job, CheckpointType.CONFIGURED).get();
            } catch (Exception notAllTasksRunning) {
                if (System.currentTimeMillis() > deadline) throw notAllTasksRunning;
                Thread.sleep(200);
            }
        }
    }

    /** Kills the (only) task manager with every task on it and starts a fresh one in its place. */
    public static void killTaskManager(MiniCluster cluster) throws Exception {
        cluster.terminateTaskManager(0).get();
        cluster.startTaskManager();
    }

    /** How many checkpoints of the job have completed so far. */
    public static long completedCheckpoints(MiniCluster cluster, JobID job) throws Exception {
        return cluster.getExecutionGraph(job).get().getCheckpointStatsSnapshot().getCounts().getNumberOfCompletedCheckpoints();
    }

    /** The checkpoint the job last restored from, or -1 if it never restored. */
    public static long restoredCheckpoint(MiniCluster cluster, JobID job) throws Exception {
        RestoredCheckpointStats restored = cluster.getExecutionGraph(job).get().getCheckpointStatsSnapshot().getLatestRestoredCheckpoint();
        return restored == null ? -1 : restored.getCheckpointId();
    }
}
