package com.streamlens.tools;

import com.streamlens.jobs.common.Args;
import com.streamlens.operators.io.BadRows;
import com.streamlens.operators.recs.Interaction;
import com.streamlens.operators.recs.ToInteraction;
import com.streamlens.operators.recs.als.AlsConfig;
import com.streamlens.operators.recs.als.FactorSnapshot;
import com.streamlens.operators.recs.als.IalsTrainer;
import com.streamlens.operators.recs.als.RecsEvaluation;
import com.streamlens.operators.recs.als.TrainingData;
import com.streamlens.state.Topics;
import com.streamlens.state.events.ClickEvent;
import com.streamlens.state.records.ItemFactor;
import com.streamlens.state.serde.ClickEventParser;
import com.streamlens.state.serde.InvalidEventException;
import com.streamlens.state.serde.Json;
import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.flink.util.Collector;
import org.apache.flink.util.ParameterTool;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * scripts/train-recs: the batch iALS bootstrap. Trains on a history (a MovieLens ratings CSV, a clickstream
 * JSONL file, or the clickstream topic up to its current end) with the same solves the job runs, and writes the
 * snapshot (user Gram record + one row per item) to the item-factors topic and/or a JSONL file. The
 * recommendations job reads it as its starting catalogue.
 */
public final class TrainRecs {
    private TrainRecs() {}

    public static void main(String[] args) throws Exception {
        ToolMain.exitOnBadInput(args, TrainRecs::train);
    }

    static void train(String[] args) throws Exception {
        ParameterTool p = ParameterTool.fromArgs(args);
        AlsConfig d = AlsConfig.defaults();
        AlsConfig config = d.withFactors(Args.intIn(p, "factors", d.factors(), 1, 1024));
        int epochs = Args.intIn(p, "epochs", 10, 1, 1000);
        List<Interaction> history;
        if (p.has("ratings")) {
            BadRows badRows = ToolMain.badRows(p);
            history = RecsEvaluation.readPositives(Path.of(p.get("ratings")), 4.0, config.viewWeight(), badRows);
            ToolMain.reportSkipped(badRows);
        } else if (p.has("clickstream")) {
            history = fromClickstream(Files.readAllLines(Path.of(p.get("clickstream")), StandardCharsets.UTF_8).stream()
                    .map(l -> l.getBytes(StandardCharsets.UTF_8)).toList(), config);
        } else if (p.has("from-topic") && p.has("kafka")) {
            history = fromClickstream(readTopic(p.get("kafka"), Topics.CLICKSTREAM), config);
        } else {
            throw new IllegalArgumentException("give --ratings CSV, --clickstream FILE.jsonl, or --from-topic with --kafka HOST:PORT");
        }
        if (history.isEmpty()) throw new IllegalArgumentException("the history holds no interactions");
        if (!p.has("kafka") && !p.has("out")) throw new IllegalArgumentException("give --kafka HOST:PORT and/or --out FILE.jsonl");

        TrainingData data = TrainingData.of(history, config);
        System.out.printf("%,d interactions: %,d users, %,d items; %s, %d epochs%n", history.size(), data.userIds().size(),
                data.itemIds().size(), config.describe(), epochs);
        long t0 = System.nanoTime();
        IalsTrainer.Factors f = IalsTrainer.train(config, data.userItems(), data.userConf(), data.itemIds().size(), epochs, 42,
                e -> System.out.printf("epoch %d/%d (%.1f s)%n", e, epochs, (System.nanoTime() - t0) / 1e9));
        List<ItemFactor> snapshot = FactorSnapshot.records(data, f, System.currentTimeMillis());

        if (p.has("out")) {
            try (BufferedWriter w = Files.newBufferedWriter(Path.of(p.get("out")), StandardCharsets.UTF_8)) {
                for (ItemFactor r : snapshot) w.write(Json.toString(r) + "\n");
            }
            System.out.println("snapshot written to " + p.get("out"));
        }
        if (p.has("kafka")) {
            Properties props = new Properties();
            props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, p.get("kafka"));
            props.put(ProducerConfig.ACKS_CONFIG, "all");
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
                int n = 0;
                for (ItemFactor r : snapshot) {
                    producer.send(new ProducerRecord<>(Topics.ITEM_FACTORS, r.itemId, Json.toString(r)));
                    if (++n % 10_000 == 0) System.out.printf("published %,d/%,d%n", n, snapshot.size());
                }
                producer.flush();
            }
            System.out.printf("published %,d records to %s%n", snapshot.size(), Topics.ITEM_FACTORS);
        }
        System.out.println("RESULT " + Json.toString(Map.of("users", data.userIds().size(), "items", data.itemIds().size(),
                "interactions", history.size(), "factors", config.factors())));
    }

    /** Valid clickstream events as interactions, in time order; invalid lines are counted and skipped. */
    static List<Interaction> fromClickstream(List<byte[]> payloads, AlsConfig config) {
        ClickEventParser parser = new ClickEventParser();
        ToInteraction toInteraction = new ToInteraction(config);
        List<Interaction> out = new ArrayList<>();
        int invalid = 0;
        for (byte[] payload : payloads) {
            try {
                ClickEvent e = parser.parse(payload);
                toInteraction.flatMap(e, new Collector<>() {
                    public void collect(Interaction i) { out.add(i); }
                    public void close() {}
                });
            } catch (InvalidEventException e) {
                invalid++;
            }
        }
        if (invalid > 0) System.out.printf("skipped %,d invalid events%n", invalid);
        out.sort(Comparator.comparingLong((Interaction i) -> i.ts));
        return out;
    }

    /** Every record of a topic up to its end offsets at the time of the call. */
    static List<byte[]> readTopic(String bootstrap, String topic) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "train-recs-" + UUID.randomUUID());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        List<byte[]> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> parts = c.partitionsFor(topic).stream().map(i -> new TopicPartition(topic, i.partition())).collect(Collectors.toList());
            c.assign(parts);
            c.seekToBeginning(parts);
            Map<TopicPartition, Long> end = c.endOffsets(parts);
            while (parts.stream().anyMatch(tp -> c.position(tp) < end.get(tp))) {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(500))) {
                    if (r.offset() < end.get(new TopicPartition(r.topic(), r.partition()))) out.add(r.value());
                }
                System.out.printf("read %,d records of %s%n", out.size(), topic);
            }
        }
        return out;
    }
}
