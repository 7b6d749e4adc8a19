package com.streamlens.jobs.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.streamlens.jobs.testing.Repository;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.FallbackKey;
import org.apache.flink.configuration.MetricOptions;
import org.apache.flink.configuration.ResourceManagerOptions;

/** What the deployment files (docker/k8s, docker/compose.yaml) are checked against: Flink 2.2's options and the jobs' own. */
final class DeployChecks {
    static final Map<String, ConfigOption<?>> FLINK_OPTIONS;

    static {
        try {
            FLINK_OPTIONS = flinkOptionsOnClasspath();
        } catch (IOException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private DeployChecks() {}

    /**
     * Keys of modules that are not on this machine's Maven Central (so their option classes cannot be read here), each
     * with where it is defined. Every other key must be found in a Flink 2.2 option class.
     */
    private static final Map<String, String> KEYS_OF_UNSERVED_MODULES = Map.ofEntries(
            Map.entry("s3.endpoint", "flink-s3-fs-presto: S3 plugin, passed to the Presto S3 client"),
            Map.entry("s3.path.style.access", "flink-s3-fs-presto: S3 plugin, path-style access for MinIO"),
            Map.entry("job.autoscaler.enabled", "flink-autoscaler AutoScalerOptions.AUTOSCALER_ENABLED"),
            Map.entry("job.autoscaler.stabilization.interval", "flink-autoscaler AutoScalerOptions.STABILIZATION_INTERVAL"),
            Map.entry("job.autoscaler.metrics.window", "flink-autoscaler AutoScalerOptions.METRICS_WINDOW"),
            Map.entry("job.autoscaler.target.utilization", "flink-autoscaler AutoScalerOptions.UTILIZATION_TARGET"),
            Map.entry("job.autoscaler.target.utilization.boundary", "flink-autoscaler AutoScalerOptions.TARGET_UTILIZATION_BOUNDARY"),
            Map.entry("job.autoscaler.restart.time", "flink-autoscaler AutoScalerOptions.RESTART_TIME"),
            Map.entry("job.autoscaler.catch-up.duration", "flink-autoscaler AutoScalerOptions.CATCH_UP_DURATION"),
            Map.entry("job.autoscaler.vertex.max-parallelism", "flink-autoscaler AutoScalerOptions.VERTEX_MAX_PARALLELISM"));
    static void assertKnownAndParsing(String where, Map<String, Object> conf) {
        assertThat(unknownKeys(conf)).as(where + ": keys that are not Flink 2.2 options").isEmpty();
        Configuration parsed = Configuration.fromMap(stringMap(conf));
        for (String key : conf.keySet()) {
            ConfigOption<?> option = FLINK_OPTIONS.get(key);
            if (option != null) {
                assertThat(parsed.getOptional(option)).as(where + ": " + key + " parses as " + option).isPresent();
            }
        }
    }

    static List<String> unknownKeys(Map<String, ?> conf) {
        List<String> unknown = new ArrayList<>();
        for (String key : conf.keySet()) {
            if (FLINK_OPTIONS.containsKey(key) || KEYS_OF_UNSERVED_MODULES.containsKey(key) || isFamilyKey(key)) continue;
            unknown.add(key);
        }
        return unknown;
    }

    /** Keys under a prefix Flink defines: environment variables of containers, and options of a named metric reporter. */
    private static boolean isFamilyKey(String key) {
        if (key.startsWith(ResourceManagerOptions.CONTAINERIZED_TASK_MANAGER_ENV_PREFIX)
                || key.startsWith(ResourceManagerOptions.CONTAINERIZED_MASTER_ENV_PREFIX)) {
            return key.matches("[a-z.]+\\.[A-Z_][A-Z0-9_]*");
        }
        String[] parts = key.split("\\.", 4);
        if (parts.length == 4 && parts[0].equals("metrics") && parts[1].equals("reporter")) {
            return reporterOptionNames().contains(parts[3]);
        }
        return false;
    }

    private static Set<String> reporterOptionNames() {
        Set<String> names = new TreeSet<>();
        for (Field f : MetricOptions.class.getFields()) {
            if (f.getName().startsWith("REPORTER_") && ConfigOption.class.isAssignableFrom(f.getType())) {
                names.add(((ConfigOption<?>) staticValue(f)).key());
            }
        }
        try {
            Field port = Class.forName("org.apache.flink.metrics.prometheus.PrometheusReporterFactory").getDeclaredField("ARG_PORT");
            port.setAccessible(true);
            names.add((String) port.get(null));
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("flink-metrics-prometheus is on the test classpath", e);
        }
        return names;
    }

    /** Every ConfigOption (and fallback key) declared by an *Options class of the Flink jars on the classpath. */
    private static Map<String, ConfigOption<?>> flinkOptionsOnClasspath() throws IOException {
        Map<String, ConfigOption<?>> options = new HashMap<>();
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            if (!entry.endsWith(".jar") || !Path.of(entry).getFileName().toString().startsWith("flink-")) continue;
            try (JarFile jar = new JarFile(entry)) {
                for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements(); ) {
                    String n = e.nextElement().getName();
                    if (!n.startsWith("org/apache/flink/") || !n.endsWith("Options.class") || n.contains("$")) continue;
                    Class<?> c;
                    try {
                        c = Class.forName(n.replace('/', '.').replace(".class", ""), true, DeployChecks.class.getClassLoader());
                    } catch (Throwable notLoadable) {
                        continue;
                    }
                    for (Field f : c.getDeclaredFields()) {
                        if (!Modifier.isStatic(f.getModifiers()) || !ConfigOption.class.isAssignableFrom(f.getType())) continue;
                        ConfigOption<?> o = (ConfigOption<?>) staticValue(f);
                        if (o == null) continue;
                        options.putIfAbsent(o.key(), o);
                        for (FallbackKey k : o.fallbackKeys()) options.putIfAbsent(k.getKey(), o);
                    }
                }
            }
        }
        assertThat(options).as("option classes found").containsKeys("state.backend.type", "execution.checkpointing.interval",
                "state.backend.rocksdb.use-bloom-filter", "high-availability.type");
        return options;
    }

    private static Object staticValue(Field f) {
        try {
            f.setAccessible(true);
            return f.get(null);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    /** The job's usage text, as its main prints it for --help (so no connection is made). */
    static String usageOf(String entryClass) throws Exception {
        Method main = Class.forName(entryClass).getMethod("main", String[].class);
        PrintStream out = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            main.invoke(null, (Object) new String[] {"--help"});
        } finally {
            System.setOut(out);
        }
        String usage = captured.toString(StandardCharsets.UTF_8);
        assertThat(usage).as(entryClass + " --help").contains("--kafka");
        return usage;
    }

    /** The job classes scripts/run-local submits: the product's set of jobs. */
    static Set<String> jobClassesInRunLocal() throws IOException {
        Set<String> classes = new TreeSet<>();
        var m = java.util.regex.Pattern.compile("com\\.streamlens\\.jobs\\.[a-z]+\\.[A-Za-z]+Job\\b")
                .matcher(Files.readString(Repository.path("scripts/run-local")));
        while (m.find()) classes.add(m.group());
        assertThat(classes).hasSizeGreaterThanOrEqualTo(7);
        return classes;
    }

    /** Every "--option" of {@code args} is one the job's --help lists. */
    static void assertOptionsOf(String entryClass, List<String> args) throws Exception {
        String usage = usageOf(entryClass);
        for (String a : args) {
            if (a.startsWith("--")) assertThat(usage).as(entryClass + " knows " + a).containsPattern("(?m)^\\s+" + a + "\\b");
        }
    }

    static List<Map<String, Object>> yaml(Path file) throws IOException {
        List<Map<String, Object>> docs = new ArrayList<>();
        for (Object doc : new Load(LoadSettings.builder().build()).loadAllFromString(Files.readString(file))) {
            if (doc != null) docs.add(map(withMergeKeys(doc)));
        }
        return docs;
    }

    /** YAML 1.1's merge key ({@code <<: *anchor}), which Docker Compose honours and YAML 1.2 parsers leave as a plain key. */
    @SuppressWarnings("unchecked")
    static Object withMergeKeys(Object node) {
        if (node instanceof List<?> l) return l.stream().map(DeployChecks::withMergeKeys).toList();
        if (!(node instanceof Map<?, ?> m)) return node;
        Map<String, Object> out = new java.util.LinkedHashMap<>();
        Object merged = m.get("<<");
        if (merged != null) {
            for (Object source : merged instanceof List<?> sources ? sources : List.of(merged)) {
                out.putAll((Map<String, Object>) withMergeKeys(source));
            }
        }
        m.forEach((k, v) -> {
            if (!"<<".equals(k)) out.put((String) k, withMergeKeys(v));
        });
        return out;
    }

    static Map<String, String> stringMap(Map<String, Object> m) {
        Map<String, String> out = new HashMap<>();
        m.forEach((k, v) -> out.put(k, String.valueOf(v)));
        return out;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object o) {
        assertThat(o).isInstanceOf(Map.class);
        return (Map<String, Object>) o;
    }

    @SuppressWarnings("unchecked")
    static <T> List<T> list(Object o) {
        assertThat(o).isInstanceOf(List.class);
        return (List<T>) o;
    }

    static List<String> strings(Object o) {
        return DeployChecks.<Object>list(o).stream().map(String::valueOf).toList();
    }
}
