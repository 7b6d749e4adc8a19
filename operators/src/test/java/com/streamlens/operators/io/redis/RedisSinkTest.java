package com.streamlens.operators.io.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.streamlens.operators.testing.RedisServer;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.runtime.tasks.TestProcessingTimeService;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;

class RedisSinkTest {
    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    private RedisServer redis;

    @BeforeEach
    void startRedis() throws Exception {
        redis = RedisServer.start();
    }

    @AfterEach
    void stopRedis() throws Exception {
        redis.close();
    }

    private RedisSinkWriter writer(RedisSinkOptions options, TestProcessingTimeService time) {
        return new RedisSinkWriter(RedisEndpoint.parse(redis.uri()), options, time,
                UnregisteredMetricsGroup.createSinkWriterMetricGroup());
    }

    @Test
    void aWrongAddressOrRefusedCredentialsFailAtStartWithTheEndpointNamed() throws Exception {
        RedisEndpoint.parse(redis.uri()).requireReachable("--redis");
        int closed = RedisServer.freePort();
        assertThatThrownBy(() -> RedisEndpoint.parse("redis://127.0.0.1:" + closed).requireReachable("--redis"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("cannot use Redis at redis://127.0.0.1:" + closed + "/0 (--redis): ");
        assertThatThrownBy(() -> RedisEndpoint.parse("redis://127.0.0.1:" + redis.port() + "/99").requireReachable("--redis"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("/99");
        try (Jedis j = redis.client()) {
            j.configSet("requirepass", "right");
        }
        RedisEndpoint.parse("redis://:right@127.0.0.1:" + redis.port()).requireReachable("--redis");
        for (String uri : new String[] {"redis://:wrong@127.0.0.1:" + redis.port(), "redis://127.0.0.1:" + redis.port()}) {
            assertThatThrownBy(() -> RedisEndpoint.parse(uri).requireReachable("--redis"))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("redis://127.0.0.1:" + redis.port() + "/0").hasMessageNotContaining("wrong");
        }
    }

    @Test
    void jobWritesStringsHashesAndSortedSetsWithTtls() throws Exception {
        List<RedisWrite> writes = new ArrayList<>();
        for (int i = 0; i < 2_500; i++) writes.add(RedisWrite.string("k:" + i, "v" + i, 300));
        writes.add(RedisWrite.hash("h:1", Map.of("a", "1", "b", "2"), 60, true));
        writes.add(RedisWrite.sortedSet("z:1", Map.of("x", 2.0, "y", 1.0), 60, true));
        // Replaying the same writes (a restart from a checkpoint) leaves the same state.
        writes.addAll(new ArrayList<>(writes));

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        env.fromData(writes, TypeInformation.of(RedisWrite.class))
                .sinkTo(new RedisSink(RedisEndpoint.parse(redis.uri()), RedisSinkOptions.defaults().withBatchSize(100)));
        env.execute("redis-sink-test");

        try (Jedis j = redis.client()) {
            assertThat(j.dbSize()).isEqualTo(2_502);
            assertThat(j.get("k:1234")).isEqualTo("v1234");
            assertThat(j.ttl("k:0")).isBetween(1L, 300L);
            assertThat(j.hgetAll("h:1")).isEqualTo(Map.of("a", "1", "b", "2"));
            assertThat(j.ttl("h:1")).isBetween(1L, 60L);
            assertThat(j.zrange("z:1", 0, -1)).containsExactly("y", "x");
            assertThat(j.ttl("z:1")).isBetween(1L, 60L);
        }
    }

    @Test
    void flushesASmallBatchOnTheTimerAndAtCheckpointFlush() throws Exception {
        TestProcessingTimeService time = new TestProcessingTimeService();
        try (RedisSinkWriter w = writer(RedisSinkOptions.defaults().withFlushInterval(Duration.ofMillis(200)), time);
             Jedis j = redis.client()) {
            w.write(RedisWrite.string("timer", "1", 60), null);
            assertThat(j.exists("timer")).as("below the batch size nothing is sent yet").isFalse();
            time.advance(200);
            assertThat(j.get("timer")).isEqualTo("1");

            w.write(RedisWrite.string("checkpoint", "2", 60), null);
            w.flush(false);
            assertThat(j.get("checkpoint")).isEqualTo("2");
            assertThat(w.opsCount()).isEqualTo(2);
        }
    }

    @Test
    void anOutageBlocksAndRetriesUntilRedisIsBackWithoutLosingWrites() throws Exception {
        TestProcessingTimeService time = new TestProcessingTimeService();
        try (RedisSinkWriter w = writer(RedisSinkOptions.defaults().withBatchSize(10_000), time)) {
            for (int i = 0; i < 500; i++) w.write(RedisWrite.string("o:" + i, "v" + i, 60), null);
            redis.stopProcess();
            CompletableFuture<Void> comeback = CompletableFuture.runAsync(() -> {
                try {
                    Thread.sleep(1_500);
                    redis.startProcess();
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            w.flush(false); // blocks (back-pressure) until Redis answers again
            comeback.get(10, TimeUnit.SECONDS);
            assertThat(w.retryCount()).isGreaterThan(0);
            try (Jedis j = redis.client()) {
                assertThat(j.dbSize()).isEqualTo(500);
                assertThat(j.get("o:499")).isEqualTo("v499");
            }
        }
    }

    @Test
    void givesUpWithAClearErrorAfterTheConfiguredOutage() throws Exception {
        TestProcessingTimeService time = new TestProcessingTimeService();
        RedisSinkWriter w = writer(RedisSinkOptions.defaults().withGiveUpAfter(Duration.ofMillis(500)), time);
        w.write(RedisWrite.string("never", "x", 60), null);
        redis.stopProcess();
        assertThatThrownBy(() -> w.flush(false))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("unusable for")
                .hasMessageContaining("restarts from its last checkpoint");
        w.close();
    }

    @Test
    void rejectsKeysWithoutTtl() {
        assertThatThrownBy(() -> RedisWrite.string("k", "v", 0)).hasMessageContaining("TTL");
    }
}
