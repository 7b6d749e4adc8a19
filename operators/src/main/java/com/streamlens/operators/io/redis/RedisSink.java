package com.streamlens.operators.io.redis;

import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * Sink V2 for Redis (Flink 2 has no Redis connector): pipelined batches flushed on size, on a short timer
 * and at every checkpoint; retried with backoff while Redis is down. At-least-once with idempotent writes.
 */
public class RedisSink implements Sink<RedisWrite> {
    private final RedisEndpoint endpoint;
    private final RedisSinkOptions options;

    public RedisSink(RedisEndpoint endpoint, RedisSinkOptions options) {
        this.endpoint = endpoint;
        this.options = options;
    }

    @Override
    public SinkWriter<RedisWrite> createWriter(WriterInitContext context) {
        return new RedisSinkWriter(endpoint, options, context.getProcessingTimeService(), context.metricGroup());
    }
}
