package com.streamlens.jobs.testing;

import com.streamlens.operators.io.kafka.KafkaIO;
import com.streamlens.operators.testing.RedisServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * What every job integration test runs on, started once per test class and stopped after it: a work directory
 * (checkpoints under it), an in-JVM Kafka broker with the product's topics (2 partitions each), a redis-server on a
 * free port, and a MiniCluster on the repository's flink-conf (RocksDB). Register with
 * {@code @RegisterExtension static final JobTestStack STACK = JobTestStack.create();}; test methods may take
 * {@code @InjectMiniCluster MiniCluster} and {@code @InjectClusterRESTAddress URI} parameters.
 */
public final class JobTestStack implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback,
        ParameterResolver {
    private final boolean failover;
    private final boolean restartableKafka;
    private final MiniClusterExtension flink;
    private Path work;
    private KafkaBroker kafka;
    private RedisServer redis;
    private String createdTopics;

    private JobTestStack(boolean failover, boolean restartableKafka) {
        this.failover = failover;
        this.restartableKafka = restartableKafka;
        this.flink = failover ? FlinkTestConfig.failoverMiniCluster(this::checkpoints) : FlinkTestConfig.miniCluster(this::checkpoints);
    }

    /** Periodic checkpoints as in production. */
    public static JobTestStack create() {
        return new JobTestStack(false, false);
    }

    /** The production restart strategy and checkpoints only when the test triggers them ({@link FlinkTestConfig#failoverMiniCluster}). */
    public static JobTestStack forFailover() {
        return new JobTestStack(true, false);
    }

    /** The same with the broker in a process of its own, which a test can kill and restart ({@link KafkaBroker#process()}). */
    public JobTestStack withRestartableKafka() {
        return new JobTestStack(failover, true);
    }

    public Path work() {
        return work;
    }

    public Path checkpoints() {
        return work.resolve("checkpoints");
    }

    public KafkaBroker kafka() {
        return kafka;
    }

    public RedisServer redis() {
        return redis;
    }

    /** What {@link KafkaIO#createMissingTopics} reported (the topics it created). */
    public String createdTopics() {
        return createdTopics;
    }

    /** A job's environment on the cluster's configuration (checkpointing is read from the job's own configuration). */
    public StreamExecutionEnvironment environment() {
        return failover ? FlinkTestConfig.failoverEnvironment(checkpoints()) : FlinkTestConfig.environment(checkpoints());
    }

    /** The configuration {@link #environment()} starts from, for a test that changes it. */
    public Configuration configuration() {
        return FlinkTestConfig.load(checkpoints());
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        work = Files.createTempDirectory("job-it");
        kafka = restartableKafka ? KafkaBroker.startProcess(Files.createDirectories(work.resolve("kafka"))) : KafkaBroker.start();
        redis = RedisServer.start();
        createdTopics = KafkaIO.createMissingTopics(kafka.bootstrap(), 2, (short) 1);
        flink.beforeAll(context);
    }

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        flink.beforeEach(context);
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        flink.afterEach(context);
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        try {
            flink.afterAll(context);
        } finally {
            try {
                if (redis != null) redis.close();
            } finally {
                try {
                    if (kafka != null) kafka.close();
                } finally {
                    if (work != null) deleteRecursively(work);
                }
            }
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) throws ParameterResolutionException {
        return flink.supportsParameter(parameter, context);
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) throws ParameterResolutionException {
        return flink.resolveParameter(parameter, context);
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }
}
