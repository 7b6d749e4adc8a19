package com.streamlens.tools;

import com.streamlens.jobs.common.Args;
import com.streamlens.operators.io.BadInput;
import com.streamlens.state.Topics;
import com.streamlens.state.events.ClickEvent;
import com.streamlens.state.events.MailEvent;
import com.streamlens.state.serde.Json;
import com.streamlens.tools.generator.BotTraffic;
import com.streamlens.tools.generator.ClickstreamGenerator;
import com.streamlens.tools.generator.CustomerLifecycles;
import com.streamlens.tools.generator.MailGenerator;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.SplittableRandom;
import org.apache.flink.util.ParameterTool;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Produces realistic clickstream and mail events into Kafka at a steady rate (keyed by user, stamped with
 * the wall clock), reporting progress every 10 seconds. Stops after --seconds, or never with 0.
 * Options: --kafka, --rate, --mail-rate, --seconds, --sites, --users, --mail-users (500), --items, --seed, --malformed-share, --bot-scale (bots
 * mixed in from {@link BotTraffic}, spread over a day of wall-clock time; default 0.25 of its default mix, 0: none) and
 * --bots-truth FILE (where their ground truth goes, user_id,label; never into the events), --lifecycle-days D (customers
 * fade out or leave over D days from now; 0: all stay). With --history-days D --out FILE.jsonl[.gz] it writes D days of
 * clickstream history ending now instead (--events-per-day, life cycles over those days), e.g. to train the churn model.
 */
public final class GenerateEvents {
    private static final Logger LOG = LoggerFactory.getLogger(GenerateEvents.class);

    private GenerateEvents() {}

    public static void main(String[] args) throws Exception {
        ToolMain.exitOnBadInput(args, GenerateEvents::generate);
    }

    static void generate(String[] args) throws Exception {
        ParameterTool p = ParameterTool.fromArgs(args);
        String bootstrap = p.get("kafka", "127.0.0.1:9092");
        int clickRate = Args.intIn(p, "rate", 500, 0, 1_000_000);
        int mailRate = Args.intIn(p, "mail-rate", 20, 0, 100_000);
        long seconds = Args.longIn(p, "seconds", 0, 0, Long.MAX_VALUE / 1000);
        int sites = Args.intIn(p, "sites", 20, 1, 100_000);
        int users = Args.intIn(p, "users", 50_000, 1, 100_000_000);
        int items = Args.intIn(p, "items", 5_000, 1, 100_000_000);
        long seed = Args.longIn(p, "seed", 42, Long.MIN_VALUE, Long.MAX_VALUE);
        // Real producers have bugs: a small share of broken payloads keeps the dead-letter path exercised.
        double malformedShare = Args.doubleIn(p, "malformed-share", 0.001, 0, 1);
        double botScale = Args.doubleIn(p, "bot-scale", 0.25, 0, 100);
        if (p.has("history-days")) {
            writeHistory(p, new ClickstreamGenerator(seed, sites, users, items));
            return;
        }

        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.LINGER_MS_CONFIG, "10");
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        ClickstreamGenerator clicks = new ClickstreamGenerator(seed, sites, users, items);
        int lifecycleDays = Args.intIn(p, "lifecycle-days", 0, 0, 3650);
        if (lifecycleDays > 0) clicks.withLifecycles(new CustomerLifecycles(System.currentTimeMillis(), lifecycleDays * 86_400_000L));
        // Fewer mail users than visitors: each gets mail every minute or two, so a reader's clicks grow rules within minutes.
        MailGenerator mails = new MailGenerator(seed + 1, Args.intIn(p, "mail-users", Math.min(users, 500), 1, 100_000_000));
        LOG.info("generating {} clicks/s and {} mails/s into {} ({} sites, {} users, {} items)", clickRate, mailRate, bootstrap, sites, users, items);

        SplittableRandom noise = new SplittableRandom(seed + 2);
        BotTraffic.Mix botMix = BotTraffic.Mix.parse(p.get("bot-mix", "")).scaled(botScale);
        BotTraffic bots = new BotTraffic(seed + 3, System.currentTimeMillis(), 1, items,
                botScale == 0 ? new BotTraffic.Mix(0, 0, 0, 0, 0, 0, 0) : botMix.botsOnly());
        if (p.has("bots-truth")) {
            StringBuilder truth = new StringBuilder("user_id,label\n");
            bots.labels().forEach((u, l) -> truth.append(u).append(',').append(l).append('\n'));
            java.nio.file.Files.writeString(java.nio.file.Path.of(p.get("bots-truth")), truth);
            LOG.info("{} bots over the next 24 h (truth in {})", bots.labels().size(), p.get("bots-truth"));
        }
        int nextBotClick = 0, nextBotMail = 0;
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            long start = System.currentTimeMillis();
            long sentClicks = 0;
            long sentMails = 0;
            long lastReport = start;
            while (seconds == 0 || System.currentTimeMillis() - start < seconds * 1000) {
                long now = System.currentTimeMillis();
                double elapsed = (now - start) / 1000.0;
                // Catch up to the schedule in small bursts, then sleep a tick: a steady rate without a busy loop.
                while (sentClicks < clickRate * elapsed) {
                    ClickEvent e = clicks.next(now);
                    byte[] payload = Json.toBytes(e);
                    if (noise.nextDouble() < malformedShare) payload = corrupt(payload, noise);
                    producer.send(new ProducerRecord<>(Topics.CLICKSTREAM, null, now, key(e.userId), payload));
                    sentClicks++;
                }
                // Bots on their own schedule: each event when the wall clock reaches its time.
                for (; nextBotClick < bots.clicks().size() && bots.clicks().get(nextBotClick).ts <= now; nextBotClick++) {
                    ClickEvent e = bots.clicks().get(nextBotClick);
                    producer.send(new ProducerRecord<>(Topics.CLICKSTREAM, null, now, key(e.userId), Json.toBytes(e)));
                }
                for (; nextBotMail < bots.mails().size() && bots.mails().get(nextBotMail).ts <= now; nextBotMail++) {
                    MailEvent e = bots.mails().get(nextBotMail);
                    producer.send(new ProducerRecord<>(Topics.MAIL_EVENTS, null, now, key(e.userId), Json.toBytes(e)));
                }
                while (sentMails < mailRate * elapsed) {
                    MailEvent e = mails.next(now);
                    producer.send(new ProducerRecord<>(Topics.MAIL_EVENTS, null, now, key(e.userId), Json.toBytes(e)));
                    sentMails++;
                }
                if (now - lastReport >= 10_000) {
                    LOG.info("sent {} clickstream and {} mail events in {} s ({} clicks/s), and {} bot events", sentClicks, sentMails,
                            (long) elapsed, Math.round(sentClicks / Math.max(elapsed, 1e-3)), nextBotClick + nextBotMail);
                    lastReport = now;
                }
                Thread.sleep(5);
            }
            producer.flush();
            LOG.info("done: {} clickstream and {} mail events", sentClicks, sentMails);
        }
    }

    /** D days of clickstream up to now, evenly spread, customers on life cycles over those days; written in time order. */
    static void writeHistory(ParameterTool p, ClickstreamGenerator clicks) throws Exception {
        if (!p.has("out")) throw new BadInput("--history-days needs --out FILE.jsonl[.gz]");
        int days = Args.intIn(p, "history-days", 365, 1, 3650);
        int perDay = Args.intIn(p, "events-per-day", 2_000, 1, 10_000_000);
        java.nio.file.Path out = java.nio.file.Path.of(p.get("out"));
        long end = System.currentTimeMillis(), start = end - days * 86_400_000L;
        clicks.withLifecycles(new CustomerLifecycles(start, end - start));
        long total = (long) days * perDay;
        double step = (double) (end - start) / total;
        try (java.io.OutputStream o = ClickstreamFile.create(out)) {
            for (long i = 0; i < total; i++) {
                o.write(Json.toBytes(clicks.next(start + (long) (i * step))));
                o.write('\n');
                if ((i + 1) % 1_000_000 == 0) LOG.info("wrote {} of {} events", i + 1, total);
            }
        }
        LOG.info("wrote {} events over {} days to {}", total, days, out);
        System.out.println("RESULT " + Json.toString(java.util.Map.of("events", total, "days", days, "out", out.toString())));
    }

    /** A truncated document or a number sent as text: the two most common producer bugs. */
    static byte[] corrupt(byte[] payload, SplittableRandom rnd) {
        String json = new String(payload, StandardCharsets.UTF_8);
        String broken = rnd.nextBoolean() ? json.substring(0, json.length() / 2)
                : json.replaceFirst("\"ts\":(\\d+)", "\"ts\":\"$1\"");
        return broken.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] key(String userId) {
        return userId.getBytes(StandardCharsets.UTF_8);
    }
}
