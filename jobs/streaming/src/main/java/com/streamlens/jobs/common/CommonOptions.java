package com.streamlens.jobs.common;

import com.streamlens.operators.io.kafka.KafkaIO;
import com.streamlens.operators.io.redis.RedisEndpoint;
import java.io.Serializable;
import java.time.Duration;
import java.util.Locale;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.util.ParameterTool;

/** Arguments every job takes (Kafka, Redis, delivery guarantee), validated with messages an operator can act on. */
public record CommonOptions(String bootstrap, String redisUri, String groupId, KafkaIO.StartFrom startFrom,
                            DeliveryGuarantee delivery, Duration outOfOrderness, Duration idleness)
        implements Serializable {

    public static final String USAGE = """
              --kafka HOST:PORT            Kafka bootstrap servers (default 127.0.0.1:9092)
              --redis URI                  redis://host:port[/db] (default redis://127.0.0.1:6379)
              --group-id ID                Kafka consumer group (default: the job's name)
              --start-from earliest|latest where to read without committed offsets (default latest)
              --delivery at-least-once|exactly-once   Kafka sink guarantee (default at-least-once)
              --out-of-orderness-ms N      bounded out-of-orderness of event time (default 5000)
              --idleness-ms N              a partition silent this long stops holding watermarks back (default 60000)
            """;

    public static CommonOptions from(ParameterTool p, String jobName) {
        return new CommonOptions(
                p.get("kafka", "127.0.0.1:9092"),
                p.get("redis", "redis://127.0.0.1:6379"),
                p.get("group-id", jobName),
                Args.oneOf(p, "start-from", "latest", KafkaIO.StartFrom.class),
                delivery(p.get("delivery", "at-least-once")),
                Duration.ofMillis(Args.longIn(p, "out-of-orderness-ms", 5_000, 0, 3_600_000)),
                Duration.ofMillis(Args.longIn(p, "idleness-ms", 60_000, 100, 86_400_000)));
    }

    public RedisEndpoint redis() {
        return RedisEndpoint.parse(redisUri);
    }

    /** The Redis endpoint, checked usable now: a wrong {@code --redis} fails the submission, not the running job. */
    public RedisEndpoint reachableRedis() {
        RedisEndpoint redis = redis();
        redis.requireReachable("--redis");
        return redis;
    }

    /** Logged at start-up, so the Redis password (URI user info) is masked. */
    @Override
    public String toString() {
        return "kafka=" + bootstrap + ", redis=" + redisUri.replaceFirst("//[^@/]*@", "//***@") + ", group=" + groupId
                + ", startFrom=" + startFrom + ", delivery=" + delivery + ", outOfOrderness=" + outOfOrderness
                + ", idleness=" + idleness;
    }

    private static DeliveryGuarantee delivery(String v) {
        return switch (v.toLowerCase(Locale.ROOT)) {
            case "at-least-once" -> DeliveryGuarantee.AT_LEAST_ONCE;
            case "exactly-once" -> DeliveryGuarantee.EXACTLY_ONCE;
            default -> throw new IllegalArgumentException("--delivery must be at-least-once or exactly-once, got '" + v + "'");
        };
    }
}
