package com.streamlens.jobs.testing;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/**
 * A real single-node KRaft Kafka broker (4.2.x like the client) and the clients a test writes and reads it with: inside
 * the test JVM (kafka's own test kit), or in a process of its own that a test can kill and restart ({@link #startProcess}).
 */
public final class KafkaBroker implements AutoCloseable {
    private final String bootstrap;
    private final AutoCloseable server;
    private final KafkaBrokerProcess process;

    private KafkaBroker(String bootstrap, AutoCloseable server, KafkaBrokerProcess process) {
        this.bootstrap = bootstrap;
        this.server = server;
        this.process = process;
    }

    /** In the test JVM: the quickest to start, but it cannot come back on the same port once stopped. */
    public static KafkaBroker start() throws Exception {
        KafkaClusterTestKit cluster = new KafkaClusterTestKit.Builder(
                new TestKitNodes.Builder().setCombined(true).setNumBrokerNodes(1).setNumControllerNodes(1).build())
                .setConfigProp("offsets.topic.replication.factor", "1")
                .setConfigProp("transaction.state.log.replication.factor", "1")
                .setConfigProp("transaction.state.log.min.isr", "1")
                .setConfigProp("auto.create.topics.enable", "false")
                .setConfigProp("group.initial.rebalance.delay.ms", "0")
                .build();
        cluster.format();
        cluster.startup();
        cluster.waitForReadyBrokers();
        return new KafkaBroker(cluster.bootstrapServers(), cluster, null);
    }

    /** In a JVM of its own on fixed ports with its data in {@code dir}: {@link #process()} kills and restarts it. */
    public static KafkaBroker startProcess(Path dir) throws Exception {
        KafkaBrokerProcess process = KafkaBrokerProcess.start(dir);
        return new KafkaBroker(process.bootstrap(), process, process);
    }

    /** The broker's process, to stage an outage; only for a broker from {@link #startProcess}. */
    public KafkaBrokerProcess process() {
        if (process == null) throw new IllegalStateException("an in-JVM broker has no process of its own: use startProcess");
        return process;
    }

    public String bootstrap() {
        return bootstrap;
    }

    public void createTopic(String name, int partitions) throws Exception {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrap());
        try (Admin admin = Admin.create(p)) {
            admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all().get();
        }
    }

    public KafkaProducer<String, String> producer() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
        return new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
    }

    public void send(String topic, String key, String value) throws Exception {
        try (KafkaProducer<String, String> p = producer()) {
            p.send(new ProducerRecord<>(topic, 0, key, value)).get();
        }
    }

    /** Writes the records to one partition, in order, with one producer (for volumes a record-per-call send makes slow). */
    public void sendAll(String topic, int partition, List<String> values) throws Exception {
        try (KafkaProducer<String, String> p = producer()) {
            for (String v : values) p.send(new ProducerRecord<>(topic, partition, null, v));
            p.flush();
        }
    }

    /** Writes a record in a transaction that is then aborted: what an exactly-once producer leaves when it crashes. */
    public void sendAborted(String topic, String key, String value) throws Exception {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
        p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "test-aborted-" + System.nanoTime());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, 0, key, value)).get();
            producer.abortTransaction();
        }
    }

    /** Reads a topic's committed records from the start until {@code count} arrived or the timeout passed. */
    public List<ConsumerRecord<String, String>> read(String topic, int count, Duration timeout) {
        return read(topic, count, timeout, "read_committed");
    }

    /** The same with records of open and aborted transactions too: what the broker holds, not what a reader sees. */
    public List<ConsumerRecord<String, String>> readUncommitted(String topic, int count, Duration timeout) {
        return read(topic, count, timeout, "read_uncommitted");
    }

    private List<ConsumerRecord<String, String>> read(String topic, int count, Duration timeout, String isolation) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "test-reader-" + System.nanoTime());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
        List<ConsumerRecord<String, String>> out = new ArrayList<>();
        try (KafkaConsumer<String, String> c = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
            c.subscribe(List.of(topic));
            long deadline = System.currentTimeMillis() + timeout.toMillis();
            while (out.size() < count && System.currentTimeMillis() < deadline) {
                c.poll(Duration.ofMillis(200)).forEach(out::add);
            }
        }
        return out;
    }

    /**
     * Reads the topic from the start, as JSON records of {@code type}, until {@code done} holds for what arrived (at most
     * 90 s); the caller asserts (what arrived is printed when time ran out).
     */
    public <T> List<T> readUntil(String topic, Class<T> type, java.util.function.Predicate<List<T>> done) throws Exception {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "read-until-" + System.nanoTime());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<T> out = new ArrayList<>();
        try (var c = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
            c.subscribe(List.of(topic));
            long deadline = System.currentTimeMillis() + 90_000;
            while (!done.test(out) && System.currentTimeMillis() < deadline) {
                for (var r : c.poll(Duration.ofMillis(200))) out.add(com.streamlens.state.serde.Json.MAPPER.readValue(r.value(), type));
            }
            if (!done.test(out)) System.err.println(topic + " after 90 s: " + com.streamlens.state.serde.Json.toString(out));
        }
        return out;
    }

    @Override
    public void close() throws Exception {
        server.close();
    }
}
