package com.streamlens.tools.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ThreadCpuTest {
    private static final String DUMP = """
            2026-12-08 00:50:00
            Full thread dump OpenJDK 64-Bit Server VM (17.0.15+6-Debian-1deb12u1 mixed mode, sharing):

            "main" #1 prio=5 os_prio=0 cpu=812.50ms elapsed=300.12s tid=0x00007f nid=0x1a waiting on condition  [0x00007f]
               java.lang.Thread.State: TIMED_WAITING (sleeping)

            "CEP pageview-burst (1/2)#0" #90 prio=5 os_prio=0 cpu=15000.25ms elapsed=200.00s tid=0x1 nid=0x2 runnable
            "Source Data Fetcher for Source: clickstream -> parse clickstream (1/2)#0" #91 daemon prio=5 os_prio=0 cpu=250.00ms elapsed=200.00s tid=0x3 nid=0x4 runnable
            "rocksdb:low" #92 daemon prio=5 os_prio=0 cpu=40.00ms elapsed=200.00s tid=0x5 nid=0x6 runnable
            "GC Thread#0" os_prio=0 cpu=900.00ms elapsed=300.00s tid=0x7 nid=0x8 runnable
            "rocksdb:low" #93 daemon prio=5 os_prio=0 cpu=10.00ms elapsed=200.00s tid=0x9 nid=0xa runnable
            """;

    @Test
    void readsEveryThreadsCpuTimeFromAThreadDump() {
        Map<String, Double> cpu = ThreadCpu.parse(DUMP);
        assertThat(cpu).containsEntry("main", 812.5).containsEntry("CEP pageview-burst (1/2)#0", 15000.25)
                .containsEntry("GC Thread#0", 900.0).containsEntry("rocksdb:low", 40.0).containsEntry("rocksdb:low [2]", 10.0)
                .hasSize(6);
    }

    @Test
    void attributesThreadsToTheJobWhoseVertexTheyRun() {
        Map<String, String> jobs = Map.of("CEP pageview-burst", "antibot", "Source: clickstream -> parse clickstream", "geo",
                "Source: clickstream", "ab");
        assertThat(ThreadCpu.owner("CEP pageview-burst (1/2)#0", jobs)).isEqualTo("antibot");
        assertThat(ThreadCpu.owner("Source Data Fetcher for Source: clickstream -> parse clickstream (1/2)#0", jobs)).isEqualTo("geo");
        assertThat(ThreadCpu.owner("rocksdb:low", jobs)).startsWith("(rocksdb");
        assertThat(ThreadCpu.owner("GC Thread#0", jobs)).startsWith("(jvm");
        assertThat(ThreadCpu.delta(Map.of("a", 10.0), Map.of("a", 25.0, "b", 5.0))).containsEntry("a", 15.0).containsEntry("b", 5.0);
    }
}
