package com.streamlens.operators.io.redis;

import java.io.Serializable;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Where the product's Redis lives: {@code redis://[user:password@]host:port[/db]} for one server, or
 * {@code redis+cluster://[user:password@]h1:p1,h2:p2,…[?replicas=N]} for a Redis Cluster (any reachable nodes: the
 * client discovers the rest and follows slot moves and failovers). Writers use it only through {@link UnifiedJedis},
 * whose pipelines are per node for a cluster. {@code replicas=N}: each batch counts as written only once N replicas of
 * every master have it (WAIT), so a failover cannot lose what the sink acknowledged.
 */
public final class RedisEndpoint implements Serializable {
    static final String CLUSTER_SCHEME = "redis+cluster";

    private final String host;
    private final int port;
    private final String user;
    private final String password;
    private final int database;
    private final int connectTimeoutMs;
    private final int socketTimeoutMs;
    /** The cluster's seed nodes ("host:port"), or null: one server. */
    private final List<String> clusterNodes;
    private final int waitReplicas;

    private RedisEndpoint(String host, int port, String user, String password, int database, int connectTimeoutMs, int socketTimeoutMs,
                          List<String> clusterNodes, int waitReplicas) {
        this.host = host;
        this.port = port;
        this.user = user;
        this.password = password;
        this.database = database;
        this.connectTimeoutMs = connectTimeoutMs;
        this.socketTimeoutMs = socketTimeoutMs;
        this.clusterNodes = clusterNodes;
        this.waitReplicas = waitReplicas;
    }

    public boolean isCluster() {
        return clusterNodes != null;
    }

    /** Replicas every master must have a batch on before the sink counts it written (0: no WAIT). */
    public int waitReplicas() {
        return waitReplicas;
    }

    public static RedisEndpoint parse(String uri) {
        if (uri != null && uri.startsWith(CLUSTER_SCHEME + "://")) return parseCluster(uri);
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
        return new RedisEndpoint(u.getHost(), u.getPort() < 0 ? 6379 : u.getPort(), user, password, db, 2_000, 5_000, null, 0);
    }

    /** {@code redis+cluster://[user:password@]h1:p1,h2:p2[?replicas=N]}: java.net.URI takes one host, so this is read by hand. */
    private static RedisEndpoint parseCluster(String uri) {
        String rest = uri.substring((CLUSTER_SCHEME + "://").length());
        int replicas = 0;
        int q = rest.indexOf('?');
        if (q >= 0) {
            String query = rest.substring(q + 1);
            rest = rest.substring(0, q);
            if (!query.matches("replicas=[0-9]{1,2}")) {
                throw new IllegalArgumentException("Redis Cluster URI takes only ?replicas=N, got '?" + query + "' in '" + uri + "'");
            }
            replicas = Integer.parseInt(query.substring("replicas=".length()));
        }
        String user = null;
        String password = null;
        int at = rest.lastIndexOf('@');
        if (at >= 0) {
            String[] parts = rest.substring(0, at).split(":", 2);
            user = parts.length == 2 && !parts[0].isEmpty() ? parts[0] : null;
            password = parts.length == 2 ? parts[1] : parts[0];
            rest = rest.substring(at + 1);
        }
        if (rest.endsWith("/") || rest.contains("/")) {
            throw new IllegalArgumentException("Redis Cluster has one database: no /db in '" + uri + "'");
        }
        List<String> nodes = new ArrayList<>();
        for (String node : rest.split(",")) {
            int colon = node.lastIndexOf(':');
            if (colon <= 0 || !node.substring(colon + 1).matches("[0-9]{1,5}")) {
                throw new IllegalArgumentException("Redis Cluster URI must look like redis+cluster://h1:p1,h2:p2, got node '" + node + "' in '" + uri + "'");
            }
            nodes.add(node);
        }
        String first = nodes.get(0);
        return new RedisEndpoint(first.substring(0, first.lastIndexOf(':')), Integer.parseInt(first.substring(first.lastIndexOf(':') + 1)),
                user, password, 0, 2_000, 5_000, List.copyOf(nodes), replicas);
    }

    public static RedisEndpoint of(String host, int port) {
        return new RedisEndpoint(host, port, null, null, 0, 2_000, 5_000, null, 0);
    }

    public UnifiedJedis connect() {
        DefaultJedisClientConfig.Builder cfg = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis(connectTimeoutMs)
                .socketTimeoutMillis(socketTimeoutMs)
                .database(database)
                .clientName("streamlens");
        if (password != null) cfg.user(user).password(password);
        if (!isCluster()) return RedisClient.builder().hostAndPort(new HostAndPort(host, port)).clientConfig(cfg.build()).build();
        Set<HostAndPort> seeds = new LinkedHashSet<>();
        for (String n : clusterNodes) seeds.add(HostAndPort.from(n));
        return RedisClusterClient.builder().nodes(seeds).clientConfig(cfg.build())
                // Slot moves and a failover are followed here for a while; the sink's own retries ride out longer ones.
                .maxAttempts(5).maxTotalRetriesDuration(Duration.ofSeconds(10)).topologyRefreshPeriod(Duration.ofSeconds(5))
                .build();
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
        if (isCluster()) return CLUSTER_SCHEME + "://" + String.join(",", clusterNodes) + (waitReplicas > 0 ? "?replicas=" + waitReplicas : "");
        return "redis://" + host + ":" + port + "/" + database;
    }
}
