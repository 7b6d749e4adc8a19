package com.streamlens.jobs.testing;

import com.streamlens.operators.io.kafka.KafkaIO;
import com.streamlens.operators.testing.RedisServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The real services a job integration test runs against: an in-JVM Kafka broker with the product's topics
 * (2 partitions each) and a redis-server on a free port; started once per test class, stopped after it.
 * Register with {@code @RegisterExtension static final LocalServices SERVICES = new LocalServices();}.
 */
public final class LocalServices implements BeforeAllCallback, AfterAllCallback {
    private final boolean restartableKafka;
    private Path kafkaDir;
    public KafkaBroker kafka;
    public RedisServer redis;
    /** What {@link KafkaIO#createMissingTopics} reported (the topics it created). */
    public String createdTopics;

    public LocalServices() {
        this(false);
    }

    private LocalServices(boolean restartableKafka) {
        this.restartableKafka = restartableKafka;
    }

    /** The same with the broker in a process of its own, which a test can kill and restart ({@link KafkaBroker#process()}). */
    public static LocalServices withRestartableKafka() {
        return new LocalServices(true);
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        if (restartableKafka) {
            kafkaDir = Files.createTempDirectory("kafka-test");
            kafka = KafkaBroker.startProcess(kafkaDir);
        } else {
            kafka = KafkaBroker.start();
        }
        redis = RedisServer.start();
        createdTopics = KafkaIO.createMissingTopics(kafka.bootstrap(), 2, (short) 1);
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        try {
            if (redis != null) redis.close();
        } finally {
            try {
                if (kafka != null) kafka.close();
            } finally {
                if (kafkaDir != null) deleteRecursively(kafkaDir);
            }
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }
}
