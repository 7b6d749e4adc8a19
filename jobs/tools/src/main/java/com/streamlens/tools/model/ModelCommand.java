package com.streamlens.tools.model;

import com.streamlens.jobs.common.Args;
import com.streamlens.operators.io.redis.RedisEndpoint;
import com.streamlens.operators.antibot.SessionModelKind;
import com.streamlens.operators.churn.ChurnModelKind;
import com.streamlens.operators.mail.category.CategoryModelKind;
import com.streamlens.operators.mail.spam.SpamModelKind;
import com.streamlens.operators.nd4j.TabularArtefact;
import com.streamlens.operators.rollout.ArtefactDigest;
import com.streamlens.state.Topics;
import com.streamlens.state.records.ModelRelease;
import com.streamlens.state.records.ModelRollout;
import com.streamlens.state.records.RolloutPlan;
import com.streamlens.state.redis.RedisKeys;
import com.streamlens.state.serde.InvalidEventException;
import com.streamlens.state.serde.Json;
import com.streamlens.state.serde.ModelReleaseParser;
import com.streamlens.tools.ToolMain;
import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.flink.util.ParameterTool;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import redis.clients.jedis.UnifiedJedis;

/**
 * {@code scripts/model}: publishes a model version for a gradual rollout and steers it, through the {@code models}
 * control topic; reads where it stands from Redis {@code model:{name}}.
 */
public final class ModelCommand {
    /** The models a job scores through the rollout machinery: a release of another name would wait for no one. */
    static final List<String> ROLLED_OUT = List.of(SpamModelKind.NAME, CategoryModelKind.NAME, SessionModelKind.NAME, ChurnModelKind.NAME);
    static final Set<String> TERMINAL = Set.of(ModelRollout.COMPLETE, ModelRollout.HALTED, ModelRollout.ABORTED, ModelRollout.REJECTED);

    static final String USAGE = """
            usage: scripts/model COMMAND --name NAME [options]
              publish --name N --artefact DIR  announce the model version in DIR (its meta.json names the version) for a
                                               gradual rollout; every file's sha256 goes with it
                [--uri URI]                    where the task managers fetch DIR (default file://DIR: a shared disk)
                [--stages 5,30,50,100] [--min-events N] [--min-dwell-seconds N] [--failures-to-halt N]
                [--js-max X] [--psi-max X] [--positive-rate-bound X] [--positive-rate-floor X]
                [--mann-whitney-alpha X] [--mann-whitney-effect X] [--load-timeout-seconds N]
                                               the rollout plan (defaults in docs/model-rollouts.md)
              status --name N [--watch] [--timeout-seconds N]
                                               one JSON line: version serving, candidate, stage, state, last reason;
                                               --watch: a line per change until the rollout ends
              pause | resume | abort | promote --name N
                                               steer the rollout of the version last published
              --kafka HOST:PORT (default 127.0.0.1:9092)   --redis URI (default redis://127.0.0.1:6379)
            """;

    private ModelCommand() {}

    public static void main(String[] args) throws Exception {
        ToolMain.exitOnBadInput(args, a -> run(a, System.out));
    }

    static void run(String[] args, PrintStream out) throws Exception {
        if (args.length == 0) throw new IllegalArgumentException(USAGE);
        String command = args[0];
        ParameterTool p = ParameterTool.fromArgs(Arrays.copyOfRange(args, 1, args.length));
        String name = p.get("name");
        if (name == null || !ROLLED_OUT.contains(name)) throw new IllegalArgumentException("--name must be one of " + ROLLED_OUT + ", got " + name);
        String kafka = p.get("kafka", "127.0.0.1:9092");
        switch (command) {
            case "publish" -> out.println(Json.toString(send(kafka, release(name, p))));
            case ModelRelease.PAUSE, ModelRelease.RESUME, ModelRelease.ABORT, ModelRelease.PROMOTE -> out.println(Json.toString(send(kafka, control(kafka, name, command))));
            case "status" -> status(RedisEndpoint.parse(p.get("redis", "redis://127.0.0.1:6379")), name, Args.flag(p, "watch", false),
                    Duration.ofSeconds(Args.longIn(p, "timeout-seconds", 3_600, 1, 7 * 86_400)), out);
            default -> throw new IllegalArgumentException("unknown command '" + command + "'\n" + USAGE);
        }
    }

    /** A release of the artefact directory {@code --artefact} with the plan the options give. */
    static ModelRelease release(String name, ParameterTool p) {
        String artefact = p.getRequired("artefact");
        Path dir = Path.of(artefact).toAbsolutePath().normalize();
        if (!Files.isDirectory(dir)) throw new IllegalArgumentException("--artefact " + artefact + " is not a directory");
        String version = TabularArtefact.readMeta(dir, name + " model").path("version").asText("");
        if (version.isBlank()) throw new IllegalArgumentException(dir.resolve(TabularArtefact.META) + " names no version");
        ModelRelease r = new ModelRelease();
        r.name = name;
        r.model = ArtefactDigest.ref(version, dir, p.get("uri", dir.toUri().toString()));
        r.plan = plan(p);
        r.control = ModelRelease.PUBLISH;
        stamp(r);
        return r;
    }

    static RolloutPlan plan(ParameterTool p) {
        RolloutPlan plan = new RolloutPlan();
        if (p.has("stages")) {
            List<Integer> stages = new ArrayList<>();
            for (String s : p.get("stages").split(",")) {
                try {
                    stages.add(Integer.parseInt(s.trim()));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("--stages must be percentages like 5,30,50,100, got " + p.get("stages"));
                }
            }
            plan.stages = stages;
        }
        plan.minEvents = Args.longIn(p, "min-events", plan.minEvents, 1, Long.MAX_VALUE);
        plan.minDwellSeconds = Args.longIn(p, "min-dwell-seconds", plan.minDwellSeconds, 0, 365L * 86_400);
        plan.failuresToHalt = Args.intIn(p, "failures-to-halt", plan.failuresToHalt, 1, 1_000);
        plan.jsMax = Args.doubleIn(p, "js-max", plan.jsMax, 0, 1);
        plan.psiMax = Args.doubleIn(p, "psi-max", plan.psiMax, 0, 100);
        plan.positiveRateBound = Args.doubleIn(p, "positive-rate-bound", plan.positiveRateBound, 0, 1e6);
        plan.positiveRateFloor = Args.doubleIn(p, "positive-rate-floor", plan.positiveRateFloor, 1e-9, 1);
        plan.mannWhitneyAlpha = Args.doubleIn(p, "mann-whitney-alpha", plan.mannWhitneyAlpha, 0, 1);
        plan.mannWhitneyEffect = Args.doubleIn(p, "mann-whitney-effect", plan.mannWhitneyEffect, 0, 0.5);
        plan.loadTimeoutSeconds = Args.longIn(p, "load-timeout-seconds", plan.loadTimeoutSeconds, 1, 86_400);
        return plan;
    }

    /** The version last published under {@code name}, with {@code control} issued now. */
    static ModelRelease control(String kafka, String name, String control) {
        ModelRelease latest = latest(kafka, name);
        if (latest == null) throw new IllegalArgumentException("no release of " + name + " on " + Topics.MODELS + ": publish one first");
        latest.control = control;
        stamp(latest);
        return latest;
    }

    private static void stamp(ModelRelease r) {
        r.issuedAt = System.currentTimeMillis();
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            host = "localhost";
        }
        r.issuedBy = System.getProperty("user.name", "someone") + "@" + host;
    }

    /** Validates the release as the jobs will, then writes it keyed by name and waits for the broker's acknowledgement. */
    static ModelRelease send(String kafka, ModelRelease r) throws Exception {
        try {
            ModelReleaseParser.validate(r);
        } catch (InvalidEventException e) {
            throw new IllegalArgumentException("the release would be refused: " + e.getMessage(), e);
        }
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "15000");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(Topics.MODELS, r.name, Json.toString(r))).get();
        }
        return r;
    }

    /** The latest release of {@code name} on the compacted control topic, read from its start to its end; null if none. */
    static ModelRelease latest(String kafka, String name) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "15000");
        ModelRelease latest = null;
        try (KafkaConsumer<String, String> c = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = c.partitionsFor(Topics.MODELS).stream().map(i -> new TopicPartition(i.topic(), i.partition())).toList();
            c.assign(partitions);
            c.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = c.endOffsets(partitions);
            long deadline = System.currentTimeMillis() + 30_000;
            while (partitions.stream().anyMatch(tp -> c.position(tp) < end.get(tp)) && System.currentTimeMillis() < deadline) {
                for (ConsumerRecord<String, String> rec : c.poll(Duration.ofMillis(200))) {
                    if (!name.equals(rec.key()) || rec.value() == null) continue;
                    try {
                        ModelRelease r = new ModelReleaseParser().parse(rec.value().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                        if (latest == null || r.issuedAt >= latest.issuedAt) latest = r;
                    } catch (InvalidEventException e) {
                        // A refused record steers nothing: the jobs dead-letter it too.
                    }
                }
            }
        }
        return latest;
    }

    /** Prints the rollout's Redis hash as one JSON line; with {@code watch}, a line per change until it ends. */
    static void status(RedisEndpoint redis, String name, boolean watch, Duration timeout, PrintStream out) throws InterruptedException {
        try (UnifiedJedis j = redis.connect()) {
            long deadline = System.currentTimeMillis() + timeout.toMillis();
            String lastSeq = null;
            while (true) {
                Map<String, String> h = j.hgetAll(RedisKeys.model(name));
                if (h.isEmpty() && !watch) {
                    throw new IllegalArgumentException("no rollout of " + name + " in Redis (" + RedisKeys.model(name) + "): is the job that scores it running?");
                }
                if (!h.isEmpty() && !h.get("seq").equals(lastSeq)) {
                    lastSeq = h.get("seq");
                    out.println(Json.toString(statusLine(name, h)));
                    if (!watch || TERMINAL.contains(h.get("state"))) return;
                }
                if (System.currentTimeMillis() > deadline) throw new IllegalArgumentException("the rollout of " + name + " did not end within " + timeout.toSeconds() + " s");
                Thread.sleep(500);
            }
        }
    }

    static Map<String, Object> statusLine(String name, Map<String, String> h) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("name", name);
        line.put("serving", h.get("serving_version"));
        line.put("candidate", h.get("candidate_version"));
        line.put("stage_percent", Integer.parseInt(h.get("stage_percent")));
        line.put("state", h.get("state"));
        line.put("reason", h.get("reason"));
        line.put("events", Long.parseLong(h.get("events")));
        line.put("js", Double.parseDouble(h.get("js")));
        line.put("positive_rate_serving", Double.parseDouble(h.get("positive_rate_serving")));
        line.put("positive_rate_candidate", Double.parseDouble(h.get("positive_rate_candidate")));
        line.put("updated_at", Long.parseLong(h.get("updated_at")));
        return line;
    }
}
