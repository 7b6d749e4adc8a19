package com.streamlens.operators.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import redis.clients.jedis.Jedis;

/** A real redis-server process on a free loopback port, for integration tests (scripts/test installs it). */
public final class RedisServer implements AutoCloseable {
    private final int port;
    private final Path dir;
    private Process process;

    private RedisServer(int port) throws IOException {
        this.port = port;
        this.dir = Files.createTempDirectory("redis-test");
    }

    public static RedisServer start() throws Exception {
        RedisServer r = new RedisServer(freePort());
        r.startProcess();
        return r;
    }

    public void startProcess() throws Exception {
        process = new ProcessBuilder(List.of("redis-server", "--port", String.valueOf(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--dir", dir.toString()))
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("redis.log").toFile())
                .start();
        awaitPing(port);
    }

    /** Waits (up to 10 s) until the redis-server on {@code port} answers PING. */
    static void awaitPing(int port) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 10_000;
        while (System.currentTimeMillis() < deadline) {
            try (Jedis j = new Jedis("127.0.0.1", port)) {
                if ("PONG".equals(j.ping())) return;
            } catch (RuntimeException notYet) {
                Thread.sleep(20);
            }
        }
        throw new IllegalStateException("redis-server did not start on port " + port + "; is it installed? (scripts/test installs it)");
    }

    /** Kills the server (an outage); {@link #startProcess()} brings it back on the same port, empty. */
    public void stopProcess() throws InterruptedException {
        process.destroy();
        process.waitFor();
    }

    public int port() {
        return port;
    }

    public String uri() {
        return "redis://127.0.0.1:" + port;
    }

    public Jedis client() {
        return new Jedis("127.0.0.1", port);
    }

    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) stopProcess();
    }
}
