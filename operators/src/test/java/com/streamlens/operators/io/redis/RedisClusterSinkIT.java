package com.streamlens.operators.io.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.streamlens.operators.testing.RedisClusterServers;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.UnifiedJedis;

/** The Redis sink against a real Redis Cluster (3 masters, 3 replicas, on loopback), a master killed under load. */
class RedisClusterSinkIT {
    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    static final int WRITES = 40_000;

    @Test
    void everyAcknowledgedWriteSurvivesAMasterFailoverUnderLoad() throws Exception {
        try (RedisClusterServers cluster = RedisClusterServers.start()) {
            String uri = cluster.uri(1);
            RedisEndpoint.parse(uri).requireReachable("--redis");
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            env.setParallelism(2);
            env.fromSource(new DataGeneratorSource<>(RedisClusterSinkIT::write, WRITES,
                            RateLimiterStrategy.perSecond(5_000), TypeInformation.of(RedisWrite.class)), WatermarkStrategy.noWatermarks(), "writes")
                    .sinkTo(new RedisSink(RedisEndpoint.parse(uri), RedisSinkOptions.defaults().withBatchSize(200)));
            JobClient job = env.executeAsync("redis-cluster-failover");

            Thread.sleep(2_000);
            int victim = cluster.masterOf("k:1");
            cluster.kill(victim); // under load: the job writes 5,000 keys a second across the three masters
            long deadline = System.currentTimeMillis() + 20_000;
            while ((cluster.masterOf("k:1") == victim || cluster.masterOf("k:1") < 0) && System.currentTimeMillis() < deadline) Thread.sleep(100);
            int promoted = cluster.masterOf("k:1");
            assertThat(promoted).as("the replica took over k:1's slot").isPositive().isNotEqualTo(victim);
            Thread.sleep(2_000); // the promoted master has no replica now: the sink's WAIT holds its batches back
            cluster.restart(victim);
            job.getJobExecutionResult().get();

            assertThat(cluster.clusterNodes().lines().filter(l -> l.contains(":" + victim + "@")).findFirst().orElseThrow())
                    .as("the killed master came back as a replica").contains("slave");
            try (UnifiedJedis client = RedisEndpoint.parse(cluster.uri(0)).connect()) {
                List<Response<String>> values = new ArrayList<>(WRITES);
                try (AbstractPipeline p = client.pipelined()) {
                    for (int i = 0; i < WRITES; i++) values.add(i % 100 == 0 ? p.hget("h:" + i, "v") : p.get("k:" + i));
                    p.sync();
                }
                List<Integer> missing = new ArrayList<>();
                for (int i = 0; i < WRITES; i++) if (!("v" + i).equals(values.get(i).get())) missing.add(i);
                assertThat(missing).as("writes lost in the failover").isEmpty();
            }
        }
    }

    /** Strings, and every 100th write a hash replaced whole (DEL, HSET, EXPIRE through one node's pipeline). */
    static RedisWrite write(long i) {
        return i % 100 == 0 ? RedisWrite.hash("h:" + i, java.util.Map.of("v", "v" + i), 3_600, true) : RedisWrite.string("k:" + i, "v" + i, 3_600);
    }

    @Test
    void clusterUrisNameTheirNodesAndRefuseWhatACLusterCannotDo() {
        RedisEndpoint e = RedisEndpoint.parse("redis+cluster://u:secret@10.0.0.1:7000,10.0.0.2:7001?replicas=1");
        assertThat(e.isCluster()).isTrue();
        assertThat(e.waitReplicas()).isEqualTo(1);
        assertThat(e.toString()).isEqualTo("redis+cluster://10.0.0.1:7000,10.0.0.2:7001?replicas=1").doesNotContain("secret");
        assertThat(RedisEndpoint.parse("redis://h:1").isCluster()).isFalse();
        assertThatThrownBy(() -> RedisEndpoint.parse("redis+cluster://h1:7000/2")).hasMessageContaining("one database");
        assertThatThrownBy(() -> RedisEndpoint.parse("redis+cluster://h1:7000,h2")).hasMessageContaining("node 'h2'");
        assertThatThrownBy(() -> RedisEndpoint.parse("redis+cluster://h1:7000?timeout=3")).hasMessageContaining("only ?replicas=N");
    }
}
