package com.streamlens.tools.ops;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a JVM's CPU goes, per thread: {@code jcmd PID Thread.print} lists each live thread's name with its CPU time
 * ({@code cpu=…ms}, JDK 17). Two snapshots make a profile; Flink names a task's threads after its vertex, so thread
 * CPU can be summed per job.
 */
public final class ThreadCpu {
    private static final Pattern THREAD = Pattern.compile("^\"(.*)\" (?:#\\d+ )?.*?cpu=([0-9.]+)ms", Pattern.MULTILINE);

    private ThreadCpu() {}

    /** Thread name → CPU milliseconds so far, for one JVM (names made unique by appending the thread's order). */
    public static Map<String, Double> snapshot(long pid) throws IOException, InterruptedException {
        Process jcmd = new ProcessBuilder("jcmd", Long.toString(pid), "Thread.print").redirectErrorStream(true).start();
        String out = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (jcmd.waitFor() != 0) throw new IOException("jcmd " + pid + " Thread.print failed: " + out.lines().findFirst().orElse(""));
        return parse(out);
    }

    static Map<String, Double> parse(String threadDump) {
        Map<String, Double> cpu = new LinkedHashMap<>();
        Map<String, Integer> seen = new HashMap<>();
        Matcher m = THREAD.matcher(threadDump);
        while (m.find()) {
            String name = m.group(1);
            int n = seen.merge(name, 1, Integer::sum);
            cpu.put(n == 1 ? name : name + " [" + n + "]", Double.parseDouble(m.group(2)));
        }
        return cpu;
    }

    /** CPU milliseconds spent between two snapshots, per thread (a thread started in between counts from zero). */
    public static Map<String, Double> delta(Map<String, Double> before, Map<String, Double> after) {
        Map<String, Double> d = new LinkedHashMap<>();
        after.forEach((t, ms) -> d.put(t, Math.max(0, ms - before.getOrDefault(t, 0.0))));
        return d;
    }

    /**
     * The job a thread works for: the job of the longest vertex name the thread's name carries (task threads are named
     * "{vertex} (i/n)#attempt", source fetchers "Source Data Fetcher for {vertex} (i/n)#attempt"); else a shared part
     * of the task manager.
     */
    public static String owner(String thread, Map<String, String> jobByVertex) {
        String best = null;
        int bestLength = -1;
        for (var e : jobByVertex.entrySet()) {
            if (e.getKey().length() > bestLength && thread.contains(e.getKey() + " (")) {
                best = e.getValue();
                bestLength = e.getKey().length();
            }
        }
        if (best != null) return best;
        String t = thread.toLowerCase();
        if (t.startsWith("rocksdb")) return "(rocksdb background, all jobs)";
        if (t.startsWith("kafka-")) return "(kafka clients, all jobs)";
        if (t.startsWith("gc ") || t.contains("g1 ") || t.startsWith("c1 compiler") || t.startsWith("c2 compiler") || t.startsWith("vm ")) {
            return "(jvm: gc, jit)";
        }
        return "(flink runtime and other)";
    }
}
