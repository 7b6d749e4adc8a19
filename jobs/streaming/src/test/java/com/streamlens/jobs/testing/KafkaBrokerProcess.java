package com.streamlens.jobs.testing;

import com.streamlens.operators.testing.RedisServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.Uuid;

/**
 * A single-node KRaft broker in a JVM of its own, on fixed loopback ports with its log in a directory that outlives the
 * process: {@link #kill()} is a crash (SIGKILL, no controlled shutdown), {@link #restart()} brings the same broker back
 * on the same address with what it had written — what clients see when a real broker's machine goes down and returns.
 */
public final class KafkaBrokerProcess implements AutoCloseable {
    private static final Duration STARTUP = Duration.ofSeconds(90);

    private final Path dir;
    private final int port;
    private Process process;

    private KafkaBrokerProcess(Path dir, int port) {
        this.dir = dir;
        this.port = port;
    }

    static KafkaBrokerProcess start(Path dir) throws Exception {
        int port = RedisServer.freePort();
        int controllerPort = RedisServer.freePort();
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("server.properties"), String.join("\n",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
                "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
                "controller.listener.names=CONTROLLER",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "inter.broker.listener.name=PLAINTEXT",
                "log.dirs=" + dir.resolve("data"),
                "auto.create.topics.enable=false",
                "offsets.topic.replication.factor=1",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "group.initial.rebalance.delay.ms=0",
                // A restarted broker waits for its previous session to expire before it registers again (default 9 s).
                "broker.session.timeout.ms=2000",
                "broker.heartbeat.interval.ms=500", ""));
        Files.writeString(dir.resolve("log4j2.properties"), String.join("\n",
                "rootLogger.level = INFO",
                "rootLogger.appenderRef.file.ref = file",
                "appender.file.type = File",
                "appender.file.name = file",
                "appender.file.fileName = " + dir.resolve("kafka.log"),
                "appender.file.layout.type = PatternLayout",
                "appender.file.layout.pattern = %d %-5p %c{1} - %m%n", ""));
        KafkaBrokerProcess broker = new KafkaBrokerProcess(dir, port);
        Process format = broker.java("kafka.tools.StorageTool", "format", "-t", Uuid.randomUuid().toString(),
                "-c", dir.resolve("server.properties").toString()).start();
        if (!format.waitFor(60, TimeUnit.SECONDS) || format.exitValue() != 0) {
            throw new IllegalStateException("formatting the broker's storage failed: see " + dir.resolve("format.out"));
        }
        broker.restart();
        return broker;
    }

    String bootstrap() {
        return "127.0.0.1:" + port;
    }

    /** Kills the broker outright (SIGKILL) and waits until it is gone: its port refuses connections from then on. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /** Starts the broker on the same ports and data, and waits until it answers clients. */
    public void restart() throws Exception {
        if (process != null && process.isAlive()) throw new IllegalStateException("the broker is running");
        process = java("kafka.Kafka", dir.resolve("server.properties").toString()).start();
        long deadline = System.nanoTime() + STARTUP.toNanos();
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
        try (Admin admin = Admin.create(p)) {
            while (true) {
                if (!process.isAlive()) throw new IllegalStateException("the broker exited: see " + dir.resolve("kafka.log"));
                try {
                    admin.describeCluster(new DescribeClusterOptions().timeoutMs(2_000)).nodes().get();
                    return;
                } catch (Exception notYet) {
                    if (System.nanoTime() > deadline) throw new IllegalStateException("the broker did not start: see " + dir.resolve("kafka.log"), notYet);
                    Thread.sleep(200);
                }
            }
        }
    }

    /** A JVM on this test's own classpath (it holds the broker: kafka's test kit depends on it). */
    private ProcessBuilder java(String mainClass, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xms128m", "-Xmx384m",
                "-Dlog4j2.configurationFile=" + dir.resolve("log4j2.properties"),
                "-cp", System.getProperty("java.class.path"), mainClass));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve(mainClass.endsWith("StorageTool") ? "format.out" : "kafka.out").toFile()));
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) kill();
    }
}
