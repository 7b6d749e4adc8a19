package com.streamlens.tools.bench;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.streamlens.jobs.common.Args;
import com.streamlens.state.Topics;
import com.streamlens.state.events.ClickEvent;
import com.streamlens.state.events.ClickType;
import com.streamlens.state.events.MailEvent;
import com.streamlens.state.records.MailVerdict;
import com.streamlens.state.redis.RedisKeys;
import com.streamlens.state.serde.Json;
import com.streamlens.tools.ToolMain;
import com.streamlens.tools.generator.ClickstreamGenerator;
import com.streamlens.tools.generator.MailGenerator;
import com.streamlens.tools.ops.FlinkRest;
import com.streamlens.tools.ops.LocalStack;
import com.streamlens.tools.ops.ThreadCpu;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.util.ParameterTool;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import redis.clients.jedis.Response;
import redis.clients.jedis.UnifiedJedis;

/**
 * scripts/bench-e2e: what a store sees from the whole running product (scripts/run-local). Generated clickstream and
 * mail go into Kafka at a ladder of fixed rates, each held for a step; meanwhile probe visitors (one page view each, of a
 * new visitor) and probe letters measure click → {@code reco:user:*} written, a geo window's end → {@code geo:map:*}
 * written, and mail → verdict in {@code mail-verdicts}; every job's backlog is sampled from its Kafka sources' pendingRecords.
 * A step is sustained when the load was offered and no job's backlog grows. Prints RESULT {json} last.
 */
public final class EndToEndBenchmark {
    static final String USAGE = """
            scripts/bench-e2e [--rates 250,500,1000,2000,5000,10000,20000,40000,80000] [--step-s 60] [--mail-share 0.04] [--probes-per-s 5]
              --rates LIST       clickstream events per second of each step, ascending (default 250,500,…,80000)
              --step-s N         seconds each rate is held (default 60)
              --mail-share X     mail events per clickstream event (default 0.04, as run-local's generator)
              --probes-per-s N   probe visitors and probe letters per second (default 5 each)
              --warm-up-s N      unmeasured seconds at the first rate before the ladder (default 180: a fresh stack's jobs
                                 compile, load models, fill caches and catch up for minutes)
              --keep-going       run every step even after one is not sustained (default: stop there)
            """;
    /** A probe not answered within this long counts as missed (its latency is above any percentile reported). */
    static final long PROBE_TIMEOUT_MS = 30_000;

    public static void main(String[] args) throws Exception {
        ToolMain.exitOnBadInput(args, EndToEndBenchmark::run);
    }

    static void run(String[] args) throws Exception {
        if (ToolMain.printedHelp(args, USAGE)) return;
        ParameterTool p = ParameterTool.fromArgs(args);
        long[] rates = Arrays.stream(p.get("rates", "250,500,1000,2000,5000,10000,20000,40000,80000").split(",")).map(String::trim).mapToLong(Long::parseLong).toArray();
        for (long r : rates) if (r < 1 || r > 1_000_000) throw new IllegalArgumentException("--rates must be 1..1000000 events/s, got " + r);
        long stepS = Args.longIn(p, "step-s", 60, 20, 3_600);
        double mailShare = Args.doubleIn(p, "mail-share", 0.04, 0, 1);
        int probesPerS = Args.intIn(p, "probes-per-s", 5, 1, 100);
        boolean keepGoing = Args.flag(p, "keep-going", false);
        long warmUpS = Args.longIn(p, "warm-up-s", 180, 0, 3_600);
        LocalStack stack = LocalStack.from(p);
        FlinkRest rest = stack.rest();
        String kafka = stack.kafka();
        List<String> groups = rest.jobs().stream().filter(j -> j.state().equals("RUNNING")).map(FlinkRest.Job::name).sorted().toList();
        if (groups.isEmpty()) throw new IllegalArgumentException("no job is running: start the stack with scripts/run-local");
        System.out.printf("%d jobs running: %s%n", groups.size(), groups);

        List<Map<String, Object>> steps = new ArrayList<>();
        long maxSustained = 0;
        Object p99AtMax = null;
        try (UnifiedJedis jedis = stack.redis().connect()) {
            Lag lag = new Lag(rest, groups);
            if (warmUpS > 0) warmUp(kafka, jedis, lag, stack, rates[0], warmUpS, mailShare, probesPerS);
            for (long rate : rates) {
                drain(lag, rate);
                Map<String, Double> cpuBefore = cpuOfTaskManagers(stack);
                long t0 = System.nanoTime();
                Map<String, Object> step = new Step(kafka, jedis, lag, stack.geoOptions().resolution(), rate, stepS, mailShare, probesPerS).run();
                step.putAll(cpuProfile(rest, cpuBefore, cpuOfTaskManagers(stack), (System.nanoTime() - t0) / 1e9));
                steps.add(step);
                System.out.println("STEP " + Json.toString(step));
                if (Boolean.TRUE.equals(step.get("sustained"))) {
                    maxSustained = rate;
                    p99AtMax = step.get("p99_click_to_reco_ms");
                } else if (!keepGoing) {
                    break;
                }
            }
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("max_sustained_events_per_s", maxSustained);
        result.put("p99_click_to_reco_ms", p99AtMax);
        result.put("goal_events_per_s", 20_000);
        result.put("goal_p99_click_to_reco_ms", 1_000);
        result.put("jobs", groups.size());
        result.put("steps", steps);
        System.out.println("RESULT " + Json.toString(result));
    }

    /** Every task manager's threads' CPU milliseconds so far, named "pid/thread". */
    static Map<String, Double> cpuOfTaskManagers(LocalStack stack) throws Exception {
        Map<String, Double> all = new LinkedHashMap<>();
        for (long pid : stack.taskManagerPids()) {
            if (ProcessHandle.of(pid).isEmpty()) continue;
            ThreadCpu.snapshot(pid).forEach((t, ms) -> all.put(pid + "/" + t, ms));
        }
        return all;
    }

    /** The step's task manager CPU in cores, per job (by the vertex its threads run) and for the busiest threads. */
    static Map<String, Object> cpuProfile(FlinkRest rest, Map<String, Double> before, Map<String, Double> after, double seconds)
            throws Exception {
        Map<String, String> jobByVertex = new HashMap<>();
        for (FlinkRest.Job j : rest.jobs()) {
            if (!j.state().equals("RUNNING")) continue;
            for (FlinkRest.Vertex v : rest.vertices(j.id())) {
                jobByVertex.merge(v.name(), j.name(), (a, b) -> a.equals(b) ? a : "(vertex name shared by jobs)");
            }
        }
        Map<String, Double> delta = ThreadCpu.delta(before, after);
        Map<String, Double> byJob = new HashMap<>();
        delta.forEach((t, ms) -> byJob.merge(ThreadCpu.owner(t.substring(t.indexOf('/') + 1), jobByVertex), ms, Double::sum));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("task_manager_cpu_cores", round2(delta.values().stream().mapToDouble(Double::doubleValue).sum() / 1000 / seconds));
        out.put("cpu_cores_by_job", sortedCores(byJob, seconds, byJob.size()));
        out.put("busiest_threads_cpu_cores", sortedCores(delta, seconds, 8));
        return out;
    }

    private static Map<String, Double> sortedCores(Map<String, Double> ms, double seconds, int limit) {
        Map<String, Double> out = new LinkedHashMap<>();
        ms.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed()).limit(limit)
                .forEach(e -> out.put(e.getKey(), round2(e.getValue() / 1000 / seconds)));
        return out;
    }

    private static double round2(double v) {
        return Math.round(v * 100) / 100.0;
    }

    /** The first rate, not measured: the jobs' code is compiled, their models loaded and caches filled first. */
    static void warmUp(String kafka, UnifiedJedis jedis, Lag lag, LocalStack stack, long rate, long seconds, double mailShare,
                       int probesPerS) throws Exception {
        System.out.printf(Locale.ROOT, "warming up (not measured):%n");
        new Step(kafka, jedis, lag, stack.geoOptions().resolution(), rate, seconds, mailShare, probesPerS).run();
    }

    /** Before a step: the backlog of the step before is worked off (or 120 s pass), so each step starts level. */
    static void drain(Lag lag, long rate) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline) {
            long worst = lag.sample().values().stream().mapToLong(Long::longValue).max().orElse(0);
            if (worst <= Math.max(5_000, rate * 2)) return;
            System.out.printf("draining: the largest backlog is %,d events%n", worst);
            Thread.sleep(5_000);
        }
    }

    /**
     * Each job's backlog: the Kafka source's own {@code pendingRecords} (end offsets minus the reader's position, FLIP-33),
     * summed over its sources and subtasks. Unlike the offsets a job commits at each checkpoint, it does not wait for one.
     */
    static final class Lag {
        private final FlinkRest rest;
        private final List<String> jobs;

        Lag(FlinkRest rest, List<String> jobs) {
            this.rest = rest;
            this.jobs = jobs;
        }

        Map<String, Long> sample() throws Exception {
            Map<String, Long> out = new LinkedHashMap<>();
            for (String name : jobs) {
                var job = rest.activeJob(name);
                if (job.isEmpty()) continue;
                double pending = 0;
                for (FlinkRest.Vertex v : rest.vertices(job.get().id())) {
                    if (v.name().startsWith("Source:")) pending += rest.vertexMetricSum(job.get().id(), v.id(), ".pendingRecords");
                }
                out.put(name, Math.round(pending));
            }
            return out;
        }
    }

    /** One rung of the ladder. */
    static final class Step {
        private final String kafka;
        private final UnifiedJedis jedis;
        private final Lag lag;
        private final int resolution;
        private final long rate;
        private final long seconds;
        private final double mailShare;
        private final int probesPerS;
        private final String run = Long.toString(System.currentTimeMillis(), 36);
        private final Map<String, Long> clickProbes = new ConcurrentHashMap<>();
        private final Map<String, Long> mailProbes = new ConcurrentHashMap<>();
        private final List<Long> clickToReco = new ArrayList<>();
        private final List<Long> mailToVerdict = new ArrayList<>();
        private final List<Long> windowToRedis = new ArrayList<>();
        private final AtomicLong clickProbesMissed = new AtomicLong();
        private final AtomicLong mailProbesMissed = new AtomicLong();
        private final AtomicBoolean stop = new AtomicBoolean();

        Step(String kafka, UnifiedJedis jedis, Lag lag, int resolution, long rate, long seconds, double mailShare, int probesPerS) {
            this.kafka = kafka;
            this.jedis = jedis;
            this.lag = lag;
            this.resolution = resolution;
            this.rate = rate;
            this.seconds = seconds;
            this.mailShare = mailShare;
            this.probesPerS = probesPerS;
        }

        Map<String, Object> run() throws Exception {
            System.out.printf(Locale.ROOT, "step %,d events/s for %d s ...%n", rate, seconds);
            AtomicLong sentClicks = new AtomicLong(), sentMails = new AtomicLong();
            Thread load = new Thread(() -> load(sentClicks, sentMails), "e2e-load");
            Thread probes = new Thread(this::probes, "e2e-probes");
            Thread verdicts = new Thread(this::watchVerdicts, "e2e-verdicts");
            Thread redisWatch = new Thread(this::watchRedis, "e2e-redis");
            long t0 = System.nanoTime();
            for (Thread t : List.of(verdicts, load, probes, redisWatch)) t.start();
            // Backlog every 2 s; its growth is judged on 10 s windows' minimums (end offsets and positions move in bursts).
            Map<String, List<long[]>> lagSamples = new LinkedHashMap<>();
            while (System.nanoTime() - t0 < seconds * 1_000_000_000L) {
                Thread.sleep(2_000);
                long at = (System.nanoTime() - t0) / 1_000_000;
                lag.sample().forEach((g, v) -> lagSamples.computeIfAbsent(g, k -> new ArrayList<>()).add(new long[] {at, v}));
            }
            double elapsedS = (System.nanoTime() - t0) / 1e9;
            stop.set(true);
            load.join();
            probes.join();
            // Probes sent near the end still get their full time to answer.
            long waitUntil = System.currentTimeMillis() + PROBE_TIMEOUT_MS;
            while ((!clickProbes.isEmpty() || !mailProbes.isEmpty()) && System.currentTimeMillis() < waitUntil) Thread.sleep(200);
            redisWatch.interrupt();
            verdicts.interrupt();
            redisWatch.join();
            verdicts.join();
            clickProbesMissed.addAndGet(clickProbes.size());
            mailProbesMissed.addAndGet(mailProbes.size());

            Map<String, Object> out = new LinkedHashMap<>();
            out.put("target_events_per_s", rate);
            double offered = (sentClicks.get() + sentMails.get()) / elapsedS;
            out.put("offered_events_per_s", Math.round(offered));
            Map<String, Long> lagEnd = new LinkedHashMap<>();
            Map<String, Long> growth = new LinkedHashMap<>();
            boolean bounded = true;
            for (var e : lagSamples.entrySet()) {
                long early = minBetween(e.getValue(), 10_000, 20_000), late = minBetween(e.getValue(), (seconds - 10) * 1000, seconds * 1000);
                long perS = Math.round((late - early) / Math.max(1.0, seconds - 20.0));
                lagEnd.put(e.getKey(), e.getValue().get(e.getValue().size() - 1)[1]);
                growth.put(e.getKey(), perS);
                // Bounded: the backlog grows by under 5% of the input rate, and stays under 30 s of input.
                if (perS > 0.05 * rate || late > 30 * rate) bounded = false;
            }
            out.put("backlog_at_end", lagEnd);
            out.put("backlog_growth_per_s", growth);
            boolean offeredOk = offered >= 0.95 * rate * (1 + mailShare);
            out.put("sustained", offeredOk && bounded);
            if (!offeredOk) out.put("not_sustained_because", "the load generator offered under 95% of the rate (the jobs and it share the CPU)");
            else if (!bounded) out.put("not_sustained_because", "a job's backlog grew");
            putPercentiles(out, "click_to_reco", clickToReco, clickProbesMissed.get());
            putPercentiles(out, "window_to_redis", windowToRedis, 0);
            putPercentiles(out, "mail_to_verdict", mailToVerdict, mailProbesMissed.get());
            return out;
        }

        private static long minBetween(List<long[]> samples, long fromMs, long toMs) {
            return samples.stream().filter(s -> s[0] >= fromMs && s[0] < toMs).mapToLong(s -> s[1]).min()
                    .orElse(samples.isEmpty() ? 0 : samples.get(samples.size() - 1)[1]);
        }

        private static void putPercentiles(Map<String, Object> out, String name, List<Long> latencies, long missed) {
            List<Long> sorted;
            synchronized (latencies) {
                sorted = new ArrayList<>(latencies);
            }
            sorted.sort(null);
            long n = sorted.size() + missed;
            out.put(name + "_samples", sorted.size());
            if (missed > 0) out.put(name + "_missed", missed);
            for (double q : new double[] {0.50, 0.95, 0.99}) {
                // Missed probes rank above every answered one: a percentile that falls on them is "missed" (over 30 s).
                long rank = (long) Math.ceil(q * n) - 1;
                Object v = n == 0 ? null : rank >= sorted.size() ? "missed" : sorted.get((int) Math.max(0, rank));
                out.put("p" + Math.round(q * 100) + "_" + name + "_ms", v);
                if (missed > 0 && !sorted.isEmpty()) {
                    out.put("answered_p" + Math.round(q * 100) + "_" + name + "_ms", sorted.get((int) Math.max(0, Math.ceil(q * sorted.size()) - 1)));
                }
            }
        }

        private KafkaProducer<byte[], byte[]> producer(String acks) {
            Properties props = new Properties();
            props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka);
            props.put(ProducerConfig.LINGER_MS_CONFIG, "10");
            props.put(ProducerConfig.BATCH_SIZE_CONFIG, "262144");
            props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
            props.put(ProducerConfig.ACKS_CONFIG, acks);
            return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
        }

        /** The generator's traffic at the step's rate: clickstream, and mail in proportion. */
        private void load(AtomicLong sentClicks, AtomicLong sentMails) {
            ClickstreamGenerator clicks = new ClickstreamGenerator(rate, 20, 50_000, 5_000);
            MailGenerator mails = new MailGenerator(rate + 1, 500);
            try (KafkaProducer<byte[], byte[]> producer = producer("1")) {
                long start = System.currentTimeMillis();
                while (!stop.get()) {
                    long now = System.currentTimeMillis();
                    double elapsed = (now - start) / 1000.0;
                    while (sentClicks.get() < rate * elapsed && !stop.get()) {
                        ClickEvent e = clicks.next(now);
                        producer.send(new ProducerRecord<>(Topics.CLICKSTREAM, null, now, key(e.userId), Json.toBytes(e)));
                        sentClicks.incrementAndGet();
                    }
                    while (sentMails.get() < rate * mailShare * elapsed && !stop.get()) {
                        MailEvent e = mails.next(now);
                        producer.send(new ProducerRecord<>(Topics.MAIL_EVENTS, null, now, key(e.userId), Json.toBytes(e)));
                        sentMails.incrementAndGet();
                    }
                    Thread.sleep(2);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        /** A new visitor's one page view, and a letter to a new mailbox, {@code probesPerS} times a second each. */
        private void probes() {
            MailGenerator letters = new MailGenerator(rate + 2, 1);
            try (KafkaProducer<byte[], byte[]> producer = producer("all")) {
                for (long i = 0; !stop.get(); i++) {
                    long now = System.currentTimeMillis();
                    ClickEvent view = new ClickEvent();
                    view.schema = ClickEvent.SCHEMA_VERSION;
                    view.eventId = "e2e-" + run + "-" + i;
                    view.type = ClickType.PAGE_VIEW;
                    view.siteId = "shop-1"; // a store of the generator's, whose catalogue the jobs know
                    view.userId = "e2e-" + run + "-" + i;
                    view.sessionId = view.userId;
                    view.ts = now;
                    view.itemId = "i" + (1 + i % 10); // among the most viewed items: they have factors already
                    view.url = "https://shop-1.example/item/" + view.itemId.substring(1);
                    clickProbes.put(view.userId, now);
                    producer.send(new ProducerRecord<>(Topics.CLICKSTREAM, null, now, key(view.userId), Json.toBytes(view)));
                    MailEvent letter = letters.ham("e2e-mail-" + run + "-" + i, now);
                    mailProbes.put(letter.mailId, now);
                    producer.send(new ProducerRecord<>(Topics.MAIL_EVENTS, null, now, key(letter.userId), Json.toBytes(letter)));
                    Thread.sleep(1000 / probesPerS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        /** Polls Redis: which probe visitors have a personal list now, and when the geo map's newest window changes. */
        private void watchRedis() {
            String mapKey = RedisKeys.geoMap(resolution);
            long lastWindowEnd = windowEnd(jedis.get(mapKey));
            long nextMapPoll = 0;
            while (!Thread.currentThread().isInterrupted()) {
                long now = System.currentTimeMillis();
                List<String> users = new ArrayList<>(clickProbes.keySet());
                if (!users.isEmpty()) {
                    List<Response<Boolean>> exists = new ArrayList<>();
                    try (var pipe = jedis.pipelined()) {
                        for (String u : users) exists.add(pipe.exists(RedisKeys.userRecommendations(u)));
                        pipe.sync();
                    }
                    long seen = System.currentTimeMillis();
                    for (int i = 0; i < users.size(); i++) {
                        Long sent = clickProbes.get(users.get(i));
                        if (sent == null) continue;
                        if (exists.get(i).get()) {
                            clickProbes.remove(users.get(i));
                            synchronized (clickToReco) {
                                clickToReco.add(seen - sent);
                            }
                        } else if (seen - sent > PROBE_TIMEOUT_MS) {
                            clickProbes.remove(users.get(i));
                            clickProbesMissed.incrementAndGet();
                        }
                    }
                }
                if (now >= nextMapPoll) {
                    long end = windowEnd(jedis.get(mapKey));
                    if (end > lastWindowEnd && lastWindowEnd > 0) {
                        synchronized (windowToRedis) {
                            windowToRedis.add(System.currentTimeMillis() - end);
                        }
                    }
                    if (end > lastWindowEnd) lastWindowEnd = end;
                    nextMapPoll = now + 250;
                }
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        /** The window end of a geo map snapshot, read without parsing its cells. */
        static long windowEnd(String snapshot) {
            if (snapshot == null) return -1;
            try (JsonParser parser = Json.MAPPER.getFactory().createParser(snapshot)) {
                for (JsonToken t = parser.nextToken(); t != null; t = parser.nextToken()) {
                    if (t == JsonToken.FIELD_NAME && parser.currentName().equals("window_end")) {
                        parser.nextToken();
                        return parser.getLongValue();
                    }
                    if (t == JsonToken.START_ARRAY) parser.skipChildren();
                }
            } catch (java.io.IOException e) {
                return -1;
            }
            return -1;
        }

        /** Reads {@code mail-verdicts} from its end as records arrive; a probe letter's verdict stops its clock. */
        private void watchVerdicts() {
            Properties props = new Properties();
            props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka);
            props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
            try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
                List<TopicPartition> partitions = consumer.partitionsFor(Topics.MAIL_VERDICTS).stream()
                        .map(i -> new TopicPartition(i.topic(), i.partition())).toList();
                consumer.assign(partitions);
                consumer.seekToEnd(partitions);
                partitions.forEach(consumer::position);
                while (!Thread.currentThread().isInterrupted()) {
                    for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                        MailVerdict v = Json.MAPPER.readValue(r.value(), MailVerdict.class);
                        Long sent = v.mailId == null ? null : mailProbes.remove(v.mailId);
                        if (sent != null) {
                            synchronized (mailToVerdict) {
                                mailToVerdict.add(System.currentTimeMillis() - sent);
                            }
                        }
                    }
                    long now = System.currentTimeMillis();
                    mailProbes.entrySet().removeIf(e -> {
                        boolean expired = now - e.getValue() > PROBE_TIMEOUT_MS;
                        if (expired) mailProbesMissed.incrementAndGet();
                        return expired;
                    });
                }
            } catch (org.apache.kafka.common.errors.InterruptException e) {
                Thread.currentThread().interrupt();
            } catch (java.io.IOException e) {
                throw new IllegalStateException("a mail verdict did not parse", e);
            }
        }

        private static byte[] key(String userId) {
            return userId.getBytes(StandardCharsets.UTF_8);
        }
    }
}
