package com.streamlens.jobs.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.GlobalConfiguration;

/** The repository's flink-conf/config.yaml (RocksDB, incremental checkpoints), adapted to a MiniCluster in a test. */
public final class FlinkTestConfig {
    private FlinkTestConfig() {}

    public static Configuration load(Path checkpointDir) {
        Path confDir = Path.of("..", "flink-conf").toAbsolutePath().normalize();
        if (!Files.exists(confDir.resolve("config.yaml"))) {
            throw new IllegalStateException("flink-conf/config.yaml not found from " + Path.of("").toAbsolutePath());
        }
        Configuration conf = GlobalConfiguration.loadConfiguration(confDir.toString());
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
}
