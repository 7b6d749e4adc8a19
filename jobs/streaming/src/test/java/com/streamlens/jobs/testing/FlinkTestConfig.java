package com.streamlens.jobs.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.GlobalConfiguration;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;

/** The repository's flink-conf/config.yaml (RocksDB, incremental checkpoints), adapted to a MiniCluster in a test. */
public final class FlinkTestConfig {
    private FlinkTestConfig() {}

    /** A MiniCluster (one task manager, 4 slots) on this configuration; the directory is read when it starts. */
    public static MiniClusterExtension miniCluster(Supplier<Path> checkpointDir) {
        return new MiniClusterExtension(() -> oneTaskManager(load(checkpointDir.get())));
    }

    /**
     * A MiniCluster for failover tests: the production restart strategy, and checkpoints only when the test triggers
     * them ({@link Failover#checkpoint}), so what is committed when a task manager dies is up to the test.
     */
    public static MiniClusterExtension failoverMiniCluster(Supplier<Path> checkpointDir) {
        return new MiniClusterExtension(() -> oneTaskManager(failover(checkpointDir.get())));
    }

    /**
     * A job's environment on the same configuration: checkpointing (interval, directory) is read from the job's own
     * configuration when its graph is built, not from the cluster's, so a plain getExecutionEnvironment() in a test
     * would run without periodic checkpoints.
     */
    public static StreamExecutionEnvironment environment(Path checkpointDir) {
        return StreamExecutionEnvironment.getExecutionEnvironment(load(checkpointDir));
    }

    /** The job side of {@link #failoverMiniCluster}. */
    public static StreamExecutionEnvironment failoverEnvironment(Path checkpointDir) {
        return StreamExecutionEnvironment.getExecutionEnvironment(failover(checkpointDir));
    }

    private static Configuration failover(Path checkpointDir) {
        Configuration conf = load(checkpointDir);
        conf.setString("restart-strategy.type", production().getString("restart-strategy.type", null));
        // Still enabled (the transactional Kafka sink needs it), but the first periodic one falls in [min-pause, 100 d).
        conf.setString("execution.checkpointing.interval", "100 d");
        return conf;
    }

    private static MiniClusterResourceConfiguration oneTaskManager(Configuration conf) {
        return new MiniClusterResourceConfiguration.Builder()
                .setConfiguration(conf)
                .setNumberTaskManagers(1)
                .setNumberSlotsPerTaskManager(4)
                .build();
    }

    public static Configuration load(Path checkpointDir) {
        Configuration conf = production();
        // The MiniCluster sizes itself; process sizes meant for a standalone cluster do not apply.
        conf.removeKey("jobmanager.memory.process.size");
        conf.removeKey("taskmanager.memory.process.size");
        // RocksDB write buffers come out of managed memory; the MiniCluster's default is too small for 4 slots.
        conf.setString("taskmanager.memory.managed.size", "512m");
        conf.setString("execution.checkpointing.interval", "1 s");
        conf.setString("execution.checkpointing.min-pause", "100 ms");
        conf.setString("execution.checkpointing.dir", checkpointDir.toUri().toString());
        conf.setString("restart-strategy.type", "none");
        return conf;
    }

    private static Configuration production() {
        Path confDir = Repository.path("flink-conf");
        if (!Files.exists(confDir.resolve("config.yaml"))) {
            throw new IllegalStateException("flink-conf/config.yaml not found from " + Path.of("").toAbsolutePath());
        }
        return GlobalConfiguration.loadConfiguration(confDir.toString());
    }
}
