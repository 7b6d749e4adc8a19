package com.streamlens.jobs.testing;

import com.streamlens.jobs.tools.CreateTopics;
import com.streamlens.operators.testing.RedisServer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The real services a job integration test runs against: an in-JVM Kafka broker with the product's topics
 * (2 partitions each) and a redis-server on a free port; started once per test class, stopped after it.
 * Register with {@code @RegisterExtension static final LocalServices SERVICES = new LocalServices();}.
 */
public final class LocalServices implements BeforeAllCallback, AfterAllCallback {
    public KafkaBroker kafka;
    public RedisServer redis;
    /** What {@link CreateTopics} reported (the topics it created). */
    public String createdTopics;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        kafka = KafkaBroker.start();
        redis = RedisServer.start();
        createdTopics = CreateTopics.create(kafka.bootstrap(), 2, (short) 1);
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        try {
            if (redis != null) redis.close();
        } finally {
            if (kafka != null) kafka.close();
        }
    }
}
