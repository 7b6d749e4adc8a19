package com.streamlens.operators.io.redis;

import java.io.Serializable;
import java.net.URI;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Where the product's Redis lives, from a {@code redis://[user:password@]host:port[/db]} URI. Writers use
 * it only through {@link UnifiedJedis}, whose pipelines also exist for Redis Cluster: a
 * {@code redis-cluster://} scheme can be added here without touching the sink.
 */
public final class RedisEndpoint implements Serializable {
    private final String host;
    private final int port;
    private final String user;
    private final String password;
    private final int database;
    private final int connectTimeoutMs;
    private final int socketTimeoutMs;

    private RedisEndpoint(String host, int port, String user, String password, int database, int connectTimeoutMs, int socketTimeoutMs) {
        this.host = host;
        this.port = port;
        this.user = user;
        this.password = password;
        this.database = database;
        this.connectTimeoutMs = connectTimeoutMs;
        this.socketTimeoutMs = socketTimeoutMs;
    }

    public static RedisEndpoint parse(String uri) {
        URI u;
        try {
            u = URI.create(uri);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("bad Redis URI '" + uri + "': " + e.getMessage(), e);
        }
        if (!"redis".equals(u.getScheme()) || u.getHost() == null) {
            throw new IllegalArgumentException("Redis URI must look like redis://host:port[/db], got '" + uri + "'");
        }
        String user = null;
        String password = null;
        if (u.getUserInfo() != null) {
            String[] parts = u.getUserInfo().split(":", 2);
            user = parts.length == 2 && !parts[0].isEmpty() ? parts[0] : null;
            password = parts.length == 2 ? parts[1] : parts[0];
        }
        int db = 0;
        String path = u.getPath();
        if (path != null && path.length() > 1) {
            try {
                db = Integer.parseInt(path.substring(1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("Redis URI database must be a number, got '" + path.substring(1) + "'");
            }
        }
        return new RedisEndpoint(u.getHost(), u.getPort() < 0 ? 6379 : u.getPort(), user, password, db, 2_000, 5_000);
    }

    public static RedisEndpoint of(String host, int port) {
        return new RedisEndpoint(host, port, null, null, 0, 2_000, 5_000);
    }

    public UnifiedJedis connect() {
        DefaultJedisClientConfig.Builder cfg = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis(connectTimeoutMs)
                .socketTimeoutMillis(socketTimeoutMs)
                .database(database)
                .clientName("streamlens");
        if (password != null) cfg.user(user).password(password);
        return RedisClient.builder().hostAndPort(new HostAndPort(host, port)).clientConfig(cfg.build()).build();
    }

    /**
     * Fails fast, before the job is submitted, when Redis cannot be used with this URI (wrong host or port, refused
     * credentials, no such database): the sink would otherwise retry for its give-up time and fail the job in a
     * restart loop. An outage after the start is the sink's to ride out.
     */
    public void requireReachable(String option) {
        try (UnifiedJedis client = connect()) {
            String pong = client.ping();
            if (!"PONG".equals(pong)) throw new IllegalStateException("Redis at " + this + " answered PING with " + pong);
        } catch (JedisException e) {
            throw new IllegalStateException("cannot use Redis at " + this + " (" + option + "): " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "redis://" + host + ":" + port + "/" + database;
    }
}
