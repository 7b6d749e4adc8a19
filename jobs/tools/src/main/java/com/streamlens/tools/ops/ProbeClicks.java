package com.streamlens.tools.ops;

import com.streamlens.state.Topics;
import com.streamlens.state.events.ClickEvent;
import com.streamlens.state.events.ClickType;
import com.streamlens.state.serde.Json;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Page views whose effect can be counted: all at one position no generated visitor has (so one H3 cell holds only
 * them), from visitors of one run. Sent with acks=all and idempotence, so exactly the counted events reach Kafka.
 */
public final class ProbeClicks {
    /** Point Nemo, the ocean's pole of inaccessibility: no store visitor is near it. */
    public static final double LAT = -48.8767, LON = -123.3933;
    static final int VISITORS = 50;

    private final String run;

    public ProbeClicks(String run) {
        this.run = run;
    }

    /** The i-th probe page view of this run, stamped {@code ts}. */
    public ClickEvent pageView(long i, long ts) {
        ClickEvent e = new ClickEvent();
        e.schema = ClickEvent.SCHEMA_VERSION;
        e.eventId = "probe-" + run + "-" + i;
        e.type = ClickType.PAGE_VIEW;
        e.siteId = "probe";
        e.userId = "probe-" + run + "-" + (i % VISITORS);
        e.sessionId = e.userId;
        e.ts = ts;
        e.url = "https://probe.invalid/p/" + i;
        e.lat = LAT;
        e.lon = LON;
        return e;
    }

    /** What was sent: the count and the first and last event time. */
    public record Sent(long events, long firstTs, long lastTs) {}

    /**
     * Sends {@code rate} page views a second, stamped with the wall clock, until {@code stop} says so or {@code maxSeconds}
     * pass; returns once all are acknowledged.
     */
    public Sent send(String bootstrap, int rate, long maxSeconds, BooleanSupplier stop) throws InterruptedException, ExecutionException {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        long sent = 0, first = -1, last = -1;
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            long start = System.currentTimeMillis();
            while (System.currentTimeMillis() - start < maxSeconds * 1000 && !stop.getAsBoolean()) {
                long now = System.currentTimeMillis();
                while (sent < rate * (now - start) / 1000.0) {
                    ClickEvent e = pageView(sent, now);
                    // Waits for each acknowledgement: a send that fails must fail the drill, not shrink its count unseen.
                    producer.send(new ProducerRecord<>(Topics.CLICKSTREAM, null, now, e.userId.getBytes(StandardCharsets.UTF_8), Json.toBytes(e))).get();
                    if (first < 0) first = now;
                    last = now;
                    sent++;
                }
                Thread.sleep(10);
            }
        }
        return new Sent(sent, first, last);
    }
}
