package com.streamlens.jobs.deploy;

import static com.streamlens.jobs.deploy.DeployChecks.list;
import static com.streamlens.jobs.deploy.DeployChecks.map;
import static com.streamlens.jobs.deploy.DeployChecks.stringMap;
import static com.streamlens.jobs.deploy.DeployChecks.strings;
import static com.streamlens.jobs.deploy.DeployChecks.yaml;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.FallbackKey;
import org.apache.flink.configuration.GlobalConfiguration;
import org.apache.flink.configuration.MetricOptions;
import org.apache.flink.configuration.ResourceManagerOptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * docker/k8s without a cluster: every FlinkDeployment, after kustomization.yaml's common patch, has the shape the Flink
 * Kubernetes Operator's CRD (v1beta1) accepts, runs a job class of this jar with options that job knows, and every Flink
 * configuration key exists in Flink 2.2 and parses with its own type. The product-wide keys match flink-conf/config.yaml.
 */
class K8sManifestsTest {
    private static final Path K8S = Repository.path("docker/k8s");
    /** The fields of the CRD's spec (and below) that a manifest may set; a typo is an unknown field. */
    private static final Set<String> SPEC_FIELDS = Set.of("image", "imagePullPolicy", "flinkVersion", "serviceAccount", "mode",
            "flinkConfiguration", "podTemplate", "jobManager", "taskManager", "job", "logConfiguration", "ingress", "restartNonce");
    private static final Set<String> JOB_FIELDS = Set.of("jarURI", "entryClass", "args", "parallelism", "upgradeMode", "state",
            "allowNonRestoredState", "initialSavepointPath", "savepointTriggerNonce", "checkpointTriggerNonce", "savepointRedeployNonce");
    private static final Set<String> MANAGER_FIELDS = Set.of("replicas", "resource", "podTemplate");
    private static final Set<String> RESOURCE_FIELDS = Set.of("cpu", "memory", "ephemeralStorage");
    /** flink-conf/config.yaml keys that describe the 2-core development host, not the product: Kubernetes sets its own. */
    private static final Set<String> HOST_LOCAL_KEYS = Set.of("jobmanager.memory.process.size", "jobmanager.memory.jvm-metaspace.size",
            "taskmanager.memory.process.size", "taskmanager.memory.jvm-metaspace.size", "taskmanager.numberOfTaskSlots",
            "parallelism.default", "rest.server.max-content-length", "rest.client.max-content-length", "rest.address",
            "rest.bind-address", "jobmanager.rpc.address", "jobmanager.bind-host", "taskmanager.bind-host", "taskmanager.host",
            "env.java.opts.all");

    private static List<Map<String, Object>> deployments;
    private static Map<String, Object> commonPatch;

    @BeforeAll
    static void load() throws Exception {
                Map<String, Object> kustomization = yaml(K8S.resolve("kustomization.yaml")).get(0);
        List<String> resources = strings(kustomization.get("resources"));
        List<Map<String, Object>> patches = list(kustomization.get("patches"));
        assertThat(patches).hasSize(1);
        assertThat(map(patches.get(0).get("target"))).containsEntry("kind", "FlinkDeployment");
        commonPatch = yaml(K8S.resolve((String) patches.get(0).get("path"))).get(0);
        try (Stream<Path> files = Files.list(K8S)) {
            Set<String> present = files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".yaml")).collect(Collectors.toCollection(TreeSet::new));
            present.remove("kustomization.yaml");
            present.remove(patches.get(0).get("path"));
            assertThat(new TreeSet<>(resources)).as("every manifest is in kustomization.yaml, and only those").isEqualTo(present);
        }
        deployments = new ArrayList<>();
        for (String r : resources) {
            for (Map<String, Object> doc : yaml(K8S.resolve(r))) {
                if ("FlinkDeployment".equals(doc.get("kind"))) {
                    Map<String, Object> merged = deepMerge(doc, without(commonPatch, "metadata"));
                    deployments.add(merged);
                }
            }
        }
    }

    @Test
    void everyJobOfTheJarHasOneDeployment() throws Exception {
        Set<String> classes = deployments.stream().map(d -> (String) map(spec(d).get("job")).get("entryClass")).collect(Collectors.toSet());
        assertThat(classes).hasSize(deployments.size()).containsExactlyInAnyOrderElementsOf(DeployChecks.jobClassesInRunLocal());
    }

    @Test
    void deploymentsHaveTheShapeTheOperatorsCrdAccepts() {
        for (Map<String, Object> d : deployments) {
            String name = (String) map(d.get("metadata")).get("name");
            assertThat(d).as(name).containsEntry("apiVersion", "flink.apache.org/v1beta1");
            Map<String, Object> spec = spec(d);
            assertThat(SPEC_FIELDS).as(name + " spec fields").containsAll(spec.keySet());
            assertThat(spec).as(name).containsEntry("flinkVersion", "v2_2").containsEntry("mode", "native");
            Map<String, Object> job = map(spec.get("job"));
            assertThat(JOB_FIELDS).as(name + " job fields").containsAll(job.keySet());
            assertThat(job.get("upgradeMode")).as(name).isEqualTo("savepoint");
            assertThat(job.get("state")).as(name).isIn("running", "suspended");
            assertThat(job.get("parallelism")).as(name).isInstanceOf(Integer.class);
            assertThat(strings(job.get("args"))).as(name).allSatisfy(a -> assertThat(a).isInstanceOf(String.class));
            for (String manager : List.of("jobManager", "taskManager")) {
                Map<String, Object> m = map(spec.get(manager));
                assertThat(MANAGER_FIELDS).as(name + " " + manager).containsAll(m.keySet());
                Map<String, Object> resource = map(m.get("resource"));
                assertThat(RESOURCE_FIELDS).as(name + " " + manager + ".resource").containsAll(resource.keySet());
                assertThat(resource.get("memory")).as(name + " " + manager + " memory").asString().matches("\\d+[mg]");
                assertThat(resource.get("cpu")).as(name + " " + manager + " cpu").isInstanceOf(Number.class);
            }
            // The CRD types flinkConfiguration as a map of strings: an unquoted true or 3 is rejected by the API server.
            map(spec.get("flinkConfiguration")).forEach((k, v) -> assertThat(v).as(name + " " + k).isInstanceOf(String.class));
        }
    }

    @Test
    void theJarUriIsWhereTheDockerfilePutsTheJar() throws IOException {
        String dockerfile = Files.readString(Repository.path("docker/Dockerfile"));
        for (Map<String, Object> d : deployments) {
            String uri = (String) map(spec(d).get("job")).get("jarURI");
            assertThat(uri).startsWith("local://");
            assertThat(dockerfile).contains(" " + uri.substring("local://".length()));
        }
    }

    @Test
    void everyArgumentIsAnOptionOfItsJobAndModelsAreUris() throws Exception {
        for (Map<String, Object> d : deployments) {
            Map<String, Object> job = map(spec(d).get("job"));
            String usage = DeployChecks.usageOf((String) job.get("entryClass"));
            List<String> args = strings(job.get("args"));
            for (int i = 0; i < args.size(); i++) {
                String a = args.get(i);
                if (!a.startsWith("--")) continue;
                assertThat(usage).as(job.get("entryClass") + " knows " + a).containsPattern("(?m)^\\s+" + a + "\\b");
                if (a.endsWith("model")) {
                    assertThat(args.get(i + 1)).as("a pod has no local model directory: " + a).matches("[a-z0-9]+://.+");
                }
            }
            assertThat(args).as("exactly-once into Kafka in production").containsSequence("--delivery", "exactly-once");
        }
    }

    @Test
    void everyFlinkConfigurationKeyExistsInFlink22AndParses() {
        for (Map<String, Object> d : deployments) {
            Map<String, Object> conf = map(spec(d).get("flinkConfiguration"));
            DeployChecks.assertKnownAndParsing((String) map(d.get("metadata")).get("name"), conf);
        }
    }

    @Test
    void flinkConfYamlUsesOnlyKnownKeysToo() {
        Configuration local = GlobalConfiguration.loadConfiguration(Repository.path("flink-conf").toString());
        DeployChecks.assertKnownAndParsing("flink-conf/config.yaml", new HashMap<>(local.toMap()));
    }

    @Test
    void theProductWideSettingsMatchTheLocalStacks() {
        Map<String, String> local = GlobalConfiguration.loadConfiguration(Repository.path("flink-conf").toString()).toMap();
        Map<String, Object> k8s = map(map(commonPatch.get("spec")).get("flinkConfiguration"));
        Configuration k8sConf = Configuration.fromMap(stringMap(k8s));
        Configuration localConf = Configuration.fromMap(local);
        for (String key : local.keySet()) {
            if (HOST_LOCAL_KEYS.contains(key)) continue;
            assertThat(k8s).as("docker/k8s/flink-common.yaml sets " + key + " as flink-conf/config.yaml does").containsKey(key);
            ConfigOption<?> option = DeployChecks.FLINK_OPTIONS.get(key);
            Object expected = option != null ? localConf.get(option) : local.get(key);
            Object actual = option != null ? k8sConf.get(option) : k8s.get(key);
            assertThat(actual).as(key).isEqualTo(expected);
        }
    }

    @Test
    void theCheckIsAbleToFail() {
        assertThat(DeployChecks.unknownKeys(Map.of("execution.checkpointing.intervall", "10 s", "state.backend.type", "rocksdb")))
                .containsExactly("execution.checkpointing.intervall");
        Configuration bad = Configuration.fromMap(Map.of("execution.checkpointing.interval", "ten seconds"));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> bad.get(DeployChecks.FLINK_OPTIONS.get("execution.checkpointing.interval")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** Kustomize's merge of a patch into a resource of a custom kind: maps merge key by key, anything else is replaced. */
    static Map<String, Object> deepMerge(Map<String, Object> base, Map<String, Object> patch) {
        Map<String, Object> out = new LinkedHashMap<>(base);
        patch.forEach((k, v) -> {
            Object b = out.get(k);
            out.put(k, b instanceof Map<?, ?> && v instanceof Map<?, ?> ? deepMerge(map(b), map(v)) : v);
        });
        return out;
    }

    @Test
    void mergeKeepsTheJobsOwnFieldsAndAddsTheCommonOnes() {
        Map<String, Object> merged = deepMerge(Map.of("spec", Map.of("job", Map.of("entryClass", "A"))),
                Map.of("spec", Map.of("job", Map.of("upgradeMode", "savepoint"), "image", "i")));
        assertThat(map(map(merged.get("spec")).get("job"))).containsEntry("entryClass", "A").containsEntry("upgradeMode", "savepoint");
        assertThat(map(merged.get("spec"))).containsEntry("image", "i");
    }

    private static Map<String, Object> spec(Map<String, Object> deployment) {
        return map(deployment.get("spec"));
    }

    private static Map<String, Object> without(Map<String, Object> m, String key) {
        Map<String, Object> copy = new LinkedHashMap<>(m);
        copy.remove(key);
        return copy;
    }
}
