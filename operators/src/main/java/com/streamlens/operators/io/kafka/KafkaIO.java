package com.streamlens.operators.io.kafka;

import com.streamlens.operators.io.SinkOutage;
import com.streamlens.state.Topics;
import com.streamlens.state.events.ParseResult;
import com.streamlens.state.serde.EventParser;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/** Kafka sources and sinks as every job uses them, and the start-up check that their topics exist. */
public final class KafkaIO {
    /** Below the broker's default transaction.max.timeout.ms (15 min); Flink's 1 h default makes EXACTLY_ONCE fail in a loop. */
    static final String TRANSACTION_TIMEOUT_MS = String.valueOf(10 * 60 * 1000);

    private KafkaIO() {}

    /** Records of aborted Kafka transactions (an exactly-once writer's crash) are skipped; the client's default reads them. */
    static final String ISOLATION_LEVEL = "read_committed";

    /** Where a job starts reading when its consumer group has no committed offsets. */
    public enum StartFrom { EARLIEST, LATEST }

    /** A topic's events, parsed in the source ({@link ParsingDeserializer}): valid events and dead letters. */
    public static <T> KafkaSource<ParseResult<T>> source(String bootstrap, String topic, String groupId, StartFrom start,
                                                         EventParser<T> parser, TypeInformation<T> eventType) {
        OffsetResetStrategy reset = start == StartFrom.EARLIEST ? OffsetResetStrategy.EARLIEST : OffsetResetStrategy.LATEST;
        return parsing(bootstrap, topic, groupId, parser, eventType)
                // Committed offsets first (restart without a checkpoint), else earliest/latest.
                .setStartingOffsets(OffsetsInitializer.committedOffsets(reset))
                .setProperty("commit.offsets.on.checkpoint", "true")
                .build();
    }

    /**
     * A compacted topic read as a table: from the earliest offset whenever the job starts without a checkpoint
     * (committed offsets are ignored, the whole table is needed), from the checkpointed offsets otherwise.
     */
    public static <T> KafkaSource<ParseResult<T>> tableSource(String bootstrap, String topic, String groupId,
                                                              EventParser<T> parser, TypeInformation<T> eventType) {
        return parsing(bootstrap, topic, groupId, parser, eventType)
                .setStartingOffsets(OffsetsInitializer.earliest())
                .build();
    }

    /** What every source of the jobs shares: parsing in the deserializer, committed records only, a named client. */
    private static <T> KafkaSourceBuilder<ParseResult<T>> parsing(String bootstrap, String topic, String groupId,
                                                                 EventParser<T> parser, TypeInformation<T> eventType) {
        return KafkaSource.<ParseResult<T>>builder()
                .setBootstrapServers(bootstrap)
                .setTopics(topic)
                .setGroupId(groupId)
                .setDeserializer(new ParsingDeserializer<>(parser, eventType))
                .setProperty("isolation.level", ISOLATION_LEVEL)
                .setProperty("client.id.prefix", groupId + "-" + topic);
    }

    public static <T> KafkaSink<T> jsonSink(String bootstrap, String topic, KeyOf<T> keyOf,
                                            DeliveryGuarantee guarantee, String transactionalIdPrefix) {
        var builder = KafkaSink.<T>builder()
                .setBootstrapServers(bootstrap)
                .setRecordSerializer(new JsonRecordSerializer<>(topic, keyOf))
                .setDeliveryGuarantee(guarantee)
                .setProperty("linger.ms", "20")
                .setProperty("compression.type", "lz4")
                // A broker outage is waited out like a Redis one (the client's defaults fail the job after 1-2 min,
                // and an at-least-once job's replay after the restart duplicates what it had already sent).
                .setProperty("max.block.ms", String.valueOf(SinkOutage.RIDE_OUT.toMillis()))
                .setProperty("delivery.timeout.ms", String.valueOf(SinkOutage.RIDE_OUT.toMillis()));
        if (guarantee == DeliveryGuarantee.EXACTLY_ONCE) {
            builder.setTransactionalIdPrefix(transactionalIdPrefix + "-" + topic)
                    .setProperty("transaction.timeout.ms", TRANSACTION_TIMEOUT_MS);
        }
        return builder.build();
    }

    /**
     * Fails fast, before the job is submitted, when a topic is missing: KafkaSource does not create topics and
     * would otherwise fail the job in a restart loop.
     */
    public static void requireTopics(String bootstrap, Collection<String> topics) {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "15000");
        try (Admin admin = Admin.create(p)) {
            Set<String> existing = admin.listTopics().names().get(20, TimeUnit.SECONDS);
            Set<String> missing = new TreeSet<>(topics);
            missing.removeAll(existing);
            if (!missing.isEmpty()) {
                throw new IllegalStateException("Kafka topic(s) " + missing + " do not exist on " + bootstrap
                        + "; create them first (scripts/run-local does, or: scripts/create-topics --kafka " + bootstrap + ")");
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot reach Kafka at " + bootstrap + " to check topics " + topics + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while checking Kafka topics", e);
        }
    }

    /** Creates the product's topics ({@link Topics#ALL}) that do not exist yet (idempotent); says what it created and found. */
    public static String createMissingTopics(String bootstrap, int partitions, short replication) throws Exception {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (Admin admin = Admin.create(props)) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = new ArrayList<>();
            for (String t : Topics.ALL) {
                if (existing.contains(t)) continue;
                NewTopic nt = new NewTopic(t, partitions, replication);
                // Dead letters are evidence: keep them two weeks whatever the broker default is.
                if (t.equals(Topics.DEAD_LETTERS)) nt.configs(Map.of("retention.ms", String.valueOf(14L * 86_400_000)));
                // Upsert topics keep the latest row per key forever: compaction, not deletion by age.
                if (Topics.COMPACTED.contains(t)) nt.configs(Map.of("cleanup.policy", "compact"));
                missing.add(nt);
            }
            if (!missing.isEmpty()) admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
            return "topics created: " + missing.stream().map(NewTopic::name).toList() + "; already there: "
                    + Topics.ALL.stream().filter(existing::contains).toList();
        }
    }
}
