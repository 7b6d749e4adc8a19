package com.streamlens.operators.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import redis.clients.jedis.Jedis;

/**
 * A real Redis Cluster on loopback: six redis-server processes with {@code --cluster-enabled yes}, joined by
 * {@code redis-cli --cluster create} into 3 masters with a replica each. Nodes can be killed (SIGKILL) and restarted
 * with their node files, to rejoin as replicas.
 */
public final class RedisClusterServers implements AutoCloseable {
    /** How long a node may be unreachable before the others fail it over: short, for tests. */
    static final int NODE_TIMEOUT_MS = 1_000;
    private final Path dir;
    private final Map<Integer, Process> nodes = new TreeMap<>();

    private RedisClusterServers(Path dir) {
        this.dir = dir;
    }

    public static RedisClusterServers start() throws Exception {
        RedisClusterServers c = new RedisClusterServers(Files.createTempDirectory("redis-cluster"));
        List<String> create = new ArrayList<>(List.of("redis-cli", "--cluster", "create"));
        for (int i = 0; i < 6; i++) {
            int port = RedisServer.freePort();
            c.startNode(port);
            create.add("127.0.0.1:" + port);
        }
        create.addAll(List.of("--cluster-replicas", "1", "--cluster-yes"));
        Process p = new ProcessBuilder(create).redirectErrorStream(true).redirectOutput(c.dir.resolve("create.log").toFile()).start();
        if (p.waitFor() != 0) throw new IllegalStateException("redis-cli --cluster create failed: " + Files.readString(c.dir.resolve("create.log")));
        c.awaitHealthy();
        return c;
    }

    private void startNode(int port) throws Exception {
        Path nodeDir = Files.createDirectories(dir.resolve(String.valueOf(port)));
        Process p = new ProcessBuilder(List.of("redis-server", "--port", String.valueOf(port), "--bind", "127.0.0.1",
                "--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf", "--cluster-node-timeout", String.valueOf(NODE_TIMEOUT_MS),
                // A replica that never synced may not take over; without the 5 s default delay the first sync is at once.
                "--repl-diskless-sync-delay", "0",
                "--save", "", "--appendonly", "no", "--dir", nodeDir.toString()))
                .redirectErrorStream(true).redirectOutput(nodeDir.resolve("redis.log").toFile()).start();
        nodes.put(port, p);
        RedisServer.awaitPing(port);
    }

    /** Waits (up to 30 s) until every live node says the cluster is ok and sees 3 masters, and every replica is in sync. */
    public void awaitHealthy() throws InterruptedException {
        long deadline = System.currentTimeMillis() + 30_000;
        while (System.currentTimeMillis() < deadline) {
            if (nodes.entrySet().stream().filter(e -> e.getValue().isAlive()).allMatch(e -> healthy(e.getKey()))) return;
            Thread.sleep(100);
        }
        throw new IllegalStateException("the Redis cluster did not become healthy: " + clusterNodes());
    }

    private static boolean healthy(int port) {
        try (Jedis j = new Jedis("127.0.0.1", port)) {
            String replication = j.info("replication");
            boolean synced = !replication.contains("role:slave") || replication.contains("master_link_status:up");
            return synced && j.clusterInfo().contains("cluster_state:ok")
                    && j.clusterNodes().lines().filter(l -> l.contains("master") && !l.contains("fail")).count() == 3;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** The redis+cluster URI of the nodes, waiting for {@code replicas} replicas per write batch. */
    public String uri(int replicas) {
        StringBuilder b = new StringBuilder("redis+cluster://");
        b.append(String.join(",", nodes.keySet().stream().map(p -> "127.0.0.1:" + p).toList()));
        return replicas > 0 ? b + "?replicas=" + replicas : b.toString();
    }

    /** The port of the master serving {@code key} now, or −1 while none does (a failover in progress). */
    public int masterOf(String key) {
        int live = nodes.entrySet().stream().filter(e -> e.getValue().isAlive()).findFirst().orElseThrow().getKey();
        try (Jedis j = new Jedis("127.0.0.1", live)) {
            long slot = j.clusterKeySlot(key);
            for (String line : j.clusterNodes().lines().toList()) {
                String[] f = line.split(" ");
                if (!f[2].contains("master") || f[2].contains("fail")) continue;
                for (int i = 8; i < f.length; i++) {
                    String[] range = f[i].split("-");
                    if (range[0].startsWith("[")) continue;
                    long lo = Long.parseLong(range[0]);
                    long hi = range.length > 1 ? Long.parseLong(range[1]) : lo;
                    if (slot >= lo && slot <= hi) return Integer.parseInt(f[1].substring(f[1].indexOf(':') + 1, f[1].indexOf('@')));
                }
            }
        }
        return -1; // between a master's failure and its replica's promotion
    }

    /** SIGKILL: the node vanishes as a crashed host would. */
    public void kill(int port) throws InterruptedException {
        Process p = nodes.get(port);
        p.destroyForcibly();
        p.waitFor();
    }

    /** Starts a killed node again with its node file: it rejoins, as a replica once its replica was promoted. */
    public void restart(int port) throws Exception {
        startNode(port);
    }

    public String clusterNodes() {
        for (Map.Entry<Integer, Process> e : nodes.entrySet()) {
            if (!e.getValue().isAlive()) continue;
            try (Jedis j = new Jedis("127.0.0.1", e.getKey())) {
                return j.clusterNodes();
            } catch (RuntimeException ignored) {
                // try the next
            }
        }
        return "(no node answers)";
    }

    @Override
    public void close() throws IOException, InterruptedException {
        for (Process p : nodes.values()) {
            p.destroyForcibly();
            p.waitFor();
        }
        org.apache.commons.io.FileUtils.deleteQuietly(dir.toFile());
    }
}
