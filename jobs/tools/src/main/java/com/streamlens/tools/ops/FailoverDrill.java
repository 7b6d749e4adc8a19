package com.streamlens.tools.ops;

import com.streamlens.jobs.common.Args;
import com.streamlens.jobs.geo.GeoJobOptions;
import com.streamlens.operators.io.redis.RedisEndpoint;
import com.streamlens.state.Topics;
import com.streamlens.state.records.GeoCellStats;
import com.streamlens.state.redis.RedisKeys;
import com.streamlens.state.serde.Json;
import com.streamlens.tools.ToolMain;
import com.uber.h3core.H3Core;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.util.ParameterTool;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.UnifiedJedis;

/**
 * scripts/drill-failover: on the running local stack (TASK_MANAGERS ≥ 2), under the generator's load and a counted
 * probe, kills the task manager that runs the geo job's windows with SIGKILL, waits until every job runs again, starts
 * the task manager again, then stops the geo job with a savepoint and resumes it at another parallelism. Passes when
 * the probe's page views are all counted, once, in Kafka's {@code geo-activity-30s} and Redis. Prints RESULT {json}.
 */
public final class FailoverDrill {
    private static final Logger LOG = LoggerFactory.getLogger(FailoverDrill.class);
    static final String USAGE = """
            scripts/drill-failover [--probe-rate 20] [--kill-after-s 20] [--rescale-to N]
              --probe-rate N      counted probe page views per second, from before the kill until after the rescale (default 20)
              --kill-after-s N    seconds into the probe before the task manager is killed (default 20)
              --rescale-to N      the geo job's parallelism after its savepoint (default: one more than now)
              --timeout-s N       longest wait for a job to run again, and for the probe's windows (default 300)
            """;

    public static void main(String[] args) throws Exception {
        ToolMain.exitOnBadInput(args, FailoverDrill::drill);
    }

    static void drill(String[] args) throws Exception {
        if (ToolMain.printedHelp(args, USAGE)) return;
        ParameterTool p = ParameterTool.fromArgs(args);
        LocalStack stack = LocalStack.from(p);
        FlinkRest rest = stack.rest();
        Path local = stack.dir();
        Submission geoSubmission = stack.geo();
        GeoJobOptions geoOptions = stack.geoOptions();
        String kafka = stack.kafka();
        RedisEndpoint redis = stack.redis();
        int probeRate = Args.intIn(p, "probe-rate", 20, 1, 10_000);
        long killAfter = Args.longIn(p, "kill-after-s", 20, 1, 600);
        Duration timeout = Duration.ofSeconds(Args.longIn(p, "timeout-s", 300, 10, 3_600));

        List<String> tms = rest.taskManagers();
        if (tms.size() < 2) throw new IllegalArgumentException("the drill needs two task managers or more, the cluster has " + tms.size()
                + ": scripts/stop-local, then TASK_MANAGERS=2 scripts/run-local");
        List<String> jobs = rest.jobs().stream().filter(j -> j.state().equals("RUNNING")).map(FlinkRest.Job::name).sorted().toList();
        FlinkRest.Job geo = rest.activeJob(GeoJobOptions.JOB_NAME)
                .orElseThrow(() -> new IllegalArgumentException("the geo job (" + GeoJobOptions.JOB_NAME + ") is not running"));
        String delivery = geoOptions.common().delivery().toString();
        LOG.info("{} jobs running on {} task managers; geo delivers {}", jobs.size(), tms.size(), delivery);

        String run = Long.toString(System.currentTimeMillis(), 36);
        ProbeClicks probe = new ProbeClicks(run);
        System.out.printf("probe %s: %d page views/s at (%.4f, %.4f)%n", run, probeRate, ProbeClicks.LAT, ProbeClicks.LON);
        AtomicBoolean stopProbe = new AtomicBoolean();
        CompletableFuture<ProbeClicks.Sent> sending = CompletableFuture.supplyAsync(() -> {
            try {
                return probe.send(kafka, probeRate, 3_600, stopProbe::get);
            } catch (Exception e) {
                throw new IllegalStateException("the probe could not send: " + e, e);
            }
        });
        Thread.sleep(killAfter * 1000);

        // 1. Kill the task manager that runs the geo job's windows.
        FlinkRest.Vertex windows = rest.vertices(geo.id()).stream().filter(v -> v.name().contains("cell windows")).findFirst()
                .orElseThrow(() -> new IllegalStateException("the geo job has no 'cell windows' vertex"));
        String victim = rest.taskManagersOf(geo.id(), windows.id()).get(0);
        // run-local gives each task manager its pid file's name as resource id.
        String victimName = victim;
        long pid = stack.taskManagerPid(victimName);
        System.out.printf("killing %s (pid %d, %s) with SIGKILL%n", victimName, pid, victim);
        Map<String, Boolean> onVictim = new LinkedHashMap<>();
        for (String name : jobs) {
            var job = rest.activeJob(name);
            if (job.isPresent()) onVictim.put(name, rest.taskManagersOfJob(job.get().id()).contains(victim));
        }
        long killedAt = System.nanoTime();
        long killedAtMs = System.currentTimeMillis();
        ProcessHandle.of(pid).orElseThrow(() -> new IllegalStateException(victimName + " (pid " + pid + ") is not running")).destroyForcibly();
        Map<String, Double> recovery = waitUntilRunning(rest, onVictim, killedAt, killedAtMs, timeout);
        System.out.println("every job runs again: " + recovery + " s after the kill");

        // 2. Start it again, as a supervisor would.
        String n = victimName.equals("taskmanager") ? "1" : victimName.substring("taskmanager-".length());
        Process start = new ProcessBuilder(local.resolve("start-taskmanager").toString(), n).inheritIO().start();
        if (start.waitFor() != 0) throw new IllegalStateException("could not start " + victimName + " again");
        waitFor(() -> rest.taskManagers().size() >= tms.size(), timeout, "the restarted task manager to register");

        // 3. Stop the geo job with a savepoint and resume it at another parallelism.
        int from = windows.parallelism();
        int to = Args.intIn(p, "rescale-to", from + 1, 1, 128);
        String savepoint = stopWithSavepoint(rest, GeoJobOptions.JOB_NAME, timeout);
        System.out.println("geo job stopped with savepoint " + savepoint);
        String newGeo = rest.run(rest.newestJar(), geoSubmission.entryClass(), geoSubmission.args(), to, savepoint);
        waitFor(() -> rest.fullyRunning(newGeo), timeout, "the geo job to run from its savepoint");
        int rescaled = rest.vertices(newGeo).stream().filter(v -> v.name().contains("cell windows")).findFirst().orElseThrow().parallelism();
        System.out.printf("geo job resumed from the savepoint at parallelism %d (was %d): %s%n", rescaled, from, newGeo);

        // 4. Every probe page view counted once, in Kafka and in Redis (checked while the last window's key lives).
        Thread.sleep(20_000); // the resumed job counts some probe views too
        stopProbe.set(true);
        ProbeClicks.Sent sent = sending.get();
        System.out.printf("probe sent %d page views; waiting for their windows to close%n", sent.events());
        String cell = H3Core.newInstance().latLngToCellAddress(ProbeClicks.LAT, ProbeClicks.LON, geoOptions.resolution());
        long windowMs = geoOptions.window().toMillis();
        long lastWindow = sent.lastTs() - Math.floorMod(sent.lastTs(), windowMs);
        GeoProbeTally tally;
        GeoCellStats inRedis = null;
        long deadline = System.nanoTime() + timeout.toNanos();
        try (UnifiedJedis j = redis.connect()) {
            while (true) {
                tally = readGeo(kafka, cell, sent.firstTs() - windowMs);
                String v = j.get(RedisKeys.geoCell(geoOptions.resolution(), cell));
                inRedis = v == null ? null : Json.MAPPER.readValue(v, GeoCellStats.class);
                boolean complete = tally.hits() >= sent.events() && tally.lastWindow() >= lastWindow;
                if ((complete && inRedis != null && inRedis.windowStart >= lastWindow) || System.nanoTime() > deadline) break;
                Thread.sleep(2_000);
            }
        }
        boolean redisMatches = inRedis != null && inRedis.windowStart == tally.lastWindow() && inRedis.hits == tally.hitsOf(tally.lastWindow());
        boolean allRecovered = recovery.size() == onVictim.size();
        // Transactional sinks must not write a window twice; at-least-once ones may, with the same count.
        boolean exactlyOnceOutput = geoOptions.common().delivery() != DeliveryGuarantee.EXACTLY_ONCE || tally.duplicateRecords() == 0;
        boolean passed = allRecovered && rescaled == to && tally.hits() == sent.events() && tally.inconsistentWindows() == 0
                && redisMatches && exactlyOnceOutput;

        Map<String, Object> result = new LinkedHashMap<>();
        result.put("passed", passed);
        result.put("task_managers", tms.size());
        result.put("killed", victimName);
        result.put("jobs", jobs.size());
        result.put("jobs_on_killed_task_manager", onVictim.values().stream().filter(b -> b).count());
        result.put("jobs_recovered", recovery.size());
        result.put("recovery_s", recovery);
        result.put("max_recovery_s", recovery.values().stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN));
        result.put("rescaled_from", from);
        result.put("rescaled_to", rescaled);
        result.put("savepoint", savepoint);
        result.put("delivery", delivery);
        result.put("probe_sent", sent.events());
        result.put("geo_hits_counted", tally.hits());
        result.put("geo_windows", tally.windows());
        result.put("kafka_duplicate_records", tally.duplicateRecords());
        result.put("inconsistent_windows", tally.inconsistentWindows());
        result.put("redis_last_window_matches", redisMatches);
        System.out.println("RESULT " + Json.toString(result));
        if (!passed) System.exit(1);
    }

    /**
     * Seconds from the kill until each job runs every subtask again. A job that had a subtask on the killed task manager
     * counts once its failover is recorded (an exception-history entry after the kill); the others must simply keep
     * running. Jobs that did not by the timeout are absent.
     */
    static Map<String, Double> waitUntilRunning(FlinkRest rest, Map<String, Boolean> onVictim, long killedAt, long killedAtMs,
                                                Duration timeout) throws Exception {
        Map<String, Double> recovered = new LinkedHashMap<>();
        long deadline = killedAt + timeout.toNanos();
        while (recovered.size() < onVictim.size() && System.nanoTime() < deadline) {
            for (var e : onVictim.entrySet()) {
                if (recovered.containsKey(e.getKey())) continue;
                var job = rest.activeJob(e.getKey());
                if (job.isEmpty()) continue;
                boolean failedOver = !e.getValue() || rest.newestFailureTime(job.get().id()).map(t -> t[0] >= killedAtMs).orElse(false);
                if (failedOver && rest.fullyRunning(job.get().id())) {
                    recovered.put(e.getKey(), Math.round((System.nanoTime() - killedAt) / 1e8) / 10.0);
                }
            }
            Thread.sleep(250);
        }
        return recovered;
    }

    /** Stop with a savepoint, tried again while a checkpoint fails (e.g. one that raced a restart). */
    static String stopWithSavepoint(FlinkRest rest, String name, Duration timeout) throws Exception {
        for (int attempt = 1; ; attempt++) {
            String id = rest.activeJob(name).orElseThrow(() -> new IllegalStateException(name + " is not running")).id();
            try {
                return rest.stopWithSavepoint(id, timeout);
            } catch (IOException e) {
                if (attempt == 3) throw e;
                LOG.warn("stop with savepoint of {} failed (attempt {}), trying again in 10 s: {}", name, attempt, e.getMessage());
                Thread.sleep(10_000);
            }
        }
    }

    interface Condition {
        boolean holds() throws Exception;
    }

    static void waitFor(Condition c, Duration timeout, String what) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!c.holds()) {
            if (System.nanoTime() > deadline) throw new IllegalStateException("gave up waiting for " + what + " after " + timeout);
            Thread.sleep(500);
        }
    }

    /** The probe cell's records of {@code geo-activity-30s} since {@code sinceMs}, read as committed. */
    static GeoProbeTally readGeo(String kafka, String cell, long sinceMs) throws IOException {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        GeoProbeTally tally = new GeoProbeTally(cell);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.GEO_ACTIVITY_30S).stream()
                    .map(i -> new TopicPartition(i.topic(), i.partition())).toList();
            consumer.assign(partitions);
            Map<TopicPartition, Long> query = new HashMap<>();
            partitions.forEach(tp -> query.put(tp, sinceMs));
            Map<TopicPartition, OffsetAndTimestamp> starts = consumer.offsetsForTimes(query);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            List<TopicPartition> pending = new ArrayList<>();
            for (TopicPartition tp : partitions) {
                OffsetAndTimestamp s = starts.get(tp);
                if (s == null) continue;
                consumer.seek(tp, s.offset());
                pending.add(tp);
            }
            consumer.assign(pending);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!pending.isEmpty() && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    tally.add(Json.MAPPER.readValue(r.value(), GeoCellStats.class));
                }
                pending.removeIf(tp -> consumer.position(tp) >= ends.get(tp));
            }
        }
        return tally;
    }
}
