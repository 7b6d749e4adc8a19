package com.streamlens.operators.io.redis;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.operators.ProcessingTimeService;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MeterView;
import org.apache.flink.metrics.groups.SinkWriterMetricGroup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.Connection;
import redis.clients.jedis.ConnectionPool;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * Buffers writes and sends them as one pipeline. All calls, the flush timer included, run on the task's
 * mailbox thread, so the buffer needs no locking. A failed batch is resent whole: every write is idempotent.
 */
class RedisSinkWriter implements SinkWriter<RedisWrite> {
    private static final Logger LOG = LoggerFactory.getLogger(RedisSinkWriter.class);

    private final RedisEndpoint endpoint;
    private final RedisSinkOptions options;
    private final ProcessingTimeService timers;
    private final List<RedisWrite> buffer;
    /** How long one WAIT waits for replicas before the batch is retried. */
    private static final int WAIT_TIMEOUT_MS = 1_000;
    private final List<Response<?>> responses;
    private final Counter ops;
    private final Counter retries;
    private final Counter failures;
    private final Counter bytesOut;
    private volatile long lastFlushMs;
    private UnifiedJedis client;
    private long lastFlushAt;
    private boolean closed;

    RedisSinkWriter(RedisEndpoint endpoint, RedisSinkOptions options, ProcessingTimeService timers, SinkWriterMetricGroup metrics) {
        this.endpoint = endpoint;
        this.options = options;
        this.timers = timers;
        this.buffer = new ArrayList<>(options.batchSize());
        this.responses = new ArrayList<>(options.batchSize() * 2);
        this.ops = metrics.counter("redisOps");
        this.retries = metrics.counter("redisRetries");
        this.failures = metrics.counter("redisFailures");
        this.bytesOut = metrics.getNumBytesSendCounter();
        metrics.meter("redisOpsPerSecond", new MeterView(ops));
        metrics.gauge("redisLastFlushMs", () -> lastFlushMs);
        metrics.gauge("redisBufferedWrites", buffer::size);
        this.client = endpoint.connect();
        this.lastFlushAt = timers.getCurrentProcessingTime();
        scheduleTimer();
    }

    @Override
    public void write(RedisWrite element, Context context) throws IOException, InterruptedException {
        buffer.add(element);
        if (buffer.size() >= options.batchSize()) {
            flushBuffer();
        }
    }

    /** Called at every checkpoint barrier and at end of input: what the checkpoint acknowledges is in Redis. */
    @Override
    public void flush(boolean endOfInput) throws IOException, InterruptedException {
        flushBuffer();
    }

    private void scheduleTimer() {
        timers.registerTimer(timers.getCurrentProcessingTime() + options.flushInterval().toMillis(), now -> {
            if (closed) return;
            if (!buffer.isEmpty() && now - lastFlushAt >= options.flushInterval().toMillis()) {
                flushBuffer();
            }
            scheduleTimer();
        });
    }

    private void flushBuffer() throws IOException, InterruptedException {
        if (buffer.isEmpty()) {
            lastFlushAt = timers.getCurrentProcessingTime();
            return;
        }
        long started = System.nanoTime();
        long firstFailureAt = -1;
        long backoffMs = options.initialBackoff().toMillis();
        while (true) {
            try {
                sendOnce();
                break;
            } catch (JedisConnectionException | RetryableRedisException e) {
                long now = System.currentTimeMillis();
                if (firstFailureAt < 0) firstFailureAt = now;
                if (now - firstFailureAt > options.giveUpAfter().toMillis()) {
                    throw new IOException("Redis at " + endpoint + " unusable for " + (now - firstFailureAt)
                            + " ms; failing so the job restarts from its last checkpoint", e);
                }
                retries.inc();
                if (retries.getCount() % 20 == 1) {
                    LOG.warn("Redis at {} failed ({}); {} writes held, retrying in {} ms (back-pressure)",
                            endpoint, e.getMessage(), buffer.size(), backoffMs);
                }
                Thread.sleep(backoffMs);
                backoffMs = Math.min(backoffMs * 2, options.maxBackoff().toMillis());
                reconnect();
            }
        }
        buffer.clear();
        lastFlushMs = (System.nanoTime() - started) / 1_000_000;
        lastFlushAt = timers.getCurrentProcessingTime();
    }

    private void sendOnce() throws RetryableRedisException {
        responses.clear();
        int commands = 0;
        long bytes = 0;
        try (AbstractPipeline p = client.pipelined()) {
            for (RedisWrite w : buffer) {
                w.queue(p, responses);
                commands += w.commandCount();
                bytes += w.key.length() + (w.value == null ? 0 : w.value.length());
            }
            p.sync();
        }
        int failed = 0;
        for (Response<?> r : responses) {
            try {
                r.get();
            } catch (IllegalStateException e) {
                // A cluster pipeline's node that broke off mid-batch leaves its replies unbuilt: their fate is unknown.
                throw new RetryableRedisException("no reply for part of the batch (a cluster node was lost): " + e.getMessage());
            } catch (JedisDataException e) {
                String msg = String.valueOf(e.getMessage());
                if (msg.startsWith("LOADING") || msg.startsWith("BUSY") || msg.startsWith("TRYAGAIN")
                        || msg.startsWith("MASTERDOWN") || msg.startsWith("CLUSTERDOWN") || msg.startsWith("READONLY")
                        || msg.startsWith("MOVED") || msg.startsWith("ASK")) { // a cluster's slot moved or failed over: the retry's new client knows where
                    throw new RetryableRedisException(msg);
                }
                // A permanent error (e.g. WRONGTYPE on a key someone else wrote): retrying cannot help.
                failed++;
                if (failures.getCount() % 100 == 0) LOG.error("Redis rejected a write: {}", msg);
                failures.inc();
            }
        }
        if (endpoint.waitReplicas() > 0) awaitReplicas(endpoint.waitReplicas());
        ops.inc(commands - failed);
        bytesOut.inc(bytes);
    }

    /**
     * WAIT on every master of the cluster until {@code replicas} of its replicas hold what it has acknowledged: a master
     * that dies now cannot take acknowledged writes with it. Fewer replicas within the timeout (a shard whose replica is
     * gone or promoted) is retried, so the sink back-pressures until the shard has its replicas again. Replicas answer
     * WAIT with an error and are skipped.
     */
    private void awaitReplicas(int replicas) throws RetryableRedisException {
        if (!(client instanceof RedisClusterClient cluster)) return;
        for (Map.Entry<String, ConnectionPool> node : cluster.getClusterNodes().entrySet()) {
            long acked;
            try (Connection c = node.getValue().getResource()) {
                c.sendCommand(Protocol.Command.WAIT, String.valueOf(replicas), String.valueOf(WAIT_TIMEOUT_MS));
                acked = (Long) c.getOne();
            } catch (JedisDataException e) {
                if (String.valueOf(e.getMessage()).contains("replica")) continue;
                throw new RetryableRedisException("WAIT on " + node.getKey() + ": " + e.getMessage());
            }
            if (acked < replicas) {
                throw new RetryableRedisException("only " + acked + " of " + replicas + " replicas of " + node.getKey() + " acknowledged the batch");
            }
        }
    }

    private void reconnect() {
        try {
            client.close();
        } catch (RuntimeException e) {
            LOG.debug("closing broken Redis client", e);
        }
        client = endpoint.connect();
    }

    long retryCount() {
        return retries.getCount();
    }

    long opsCount() {
        return ops.getCount();
    }

    @Override
    public void close() throws Exception {
        closed = true;
        client.close();
    }

    /** Redis answered, but with a transient condition (loading, failover) worth resending the batch for. */
    static final class RetryableRedisException extends Exception {
        RetryableRedisException(String message) {
            super(message, null, false, false);
        }
    }
}
