package com.streamlens.jobs.deploy;

import static com.streamlens.jobs.deploy.DeployChecks.map;
import static com.streamlens.jobs.deploy.DeployChecks.strings;
import static com.streamlens.jobs.deploy.DeployChecks.yaml;
import static org.assertj.core.api.Assertions.assertThat;

import com.streamlens.jobs.testing.Repository;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * docker/compose.yaml without Docker: it submits every job run-local submits, with options those jobs know; its Flink
 * properties are Flink 2.2 options that parse; the tools it runs exist; the image targets it builds are in the Dockerfile.
 */
class ComposeFileTest {
    private static final Pattern RUN = Pattern.compile("run (com\\.streamlens\\.jobs\\.[a-z]+\\.[A-Za-z]+) \"([^\"]*)\"");
    private static final Pattern FLINK_RUN = Pattern.compile("-c (com\\.streamlens\\.jobs\\.[a-z.]+[A-Za-z]+) \\S+\\.jar\\s+(.*)", Pattern.DOTALL);
    private static Map<String, Object> services;

    @BeforeAll
    static void load() throws Exception {
        services = map(yaml(Repository.path("docker/compose.yaml")).get(0).get("services"));
    }

    @Test
    void submitsEveryJobWithOptionsItKnows() throws Exception {
        Map<String, List<String>> submitted = new LinkedHashMap<>();
        String jobs = String.join(" ", strings(map(services.get("jobs")).get("command")));
        Matcher common = Pattern.compile("args=\"([^\"]*)\"").matcher(jobs);
        assertThat(common.find()).as("the jobs service's common arguments").isTrue();
        for (Matcher m = RUN.matcher(jobs); m.find(); ) {
            submitted.put(m.group(1), split(common.group(1) + " " + m.group(2)));
        }
        Matcher mail = FLINK_RUN.matcher(String.join(" ", strings(map(services.get("mail-job")).get("command"))));
        assertThat(mail.find()).isTrue();
        submitted.put(mail.group(1), split(mail.group(2)));

        assertThat(submitted.keySet()).containsExactlyInAnyOrderElementsOf(DeployChecks.jobClassesInRunLocal());
        for (var e : submitted.entrySet()) DeployChecks.assertOptionsOf(e.getKey(), e.getValue());
    }

    @Test
    void flinkPropertiesAreFlinkOptionsThatParse() {
        String properties = (String) map(map(services.get("jobmanager")).get("environment")).get("FLINK_PROPERTIES");
        Map<String, Object> conf = new LinkedHashMap<>();
        properties.lines().filter(l -> !l.isBlank()).forEach(l -> conf.put(l.substring(0, l.indexOf(':')).trim(), l.substring(l.indexOf(':') + 1).trim()));
        assertThat(conf).containsKeys("state.backend.type", "execution.checkpointing.dir", "jobmanager.rpc.address");
        DeployChecks.assertKnownAndParsing("docker/compose.yaml FLINK_PROPERTIES", conf);
    }

    @Test
    void theToolsItRunsExistAndTheImageTargetsAreInTheDockerfile() throws Exception {
        String dockerfile = Files.readString(Repository.path("docker/Dockerfile"));
        Set<String> toolClasses = new TreeSet<>();
        for (var e : services.entrySet()) {
            Map<String, Object> s = map(e.getValue());
            if (s.get("build") instanceof Map<?, ?> build) {
                assertThat(dockerfile).as(e.getKey() + "'s build target").containsPattern("(?m)^FROM \\S+ AS " + build.get("target") + "$");
            }
            Object command = s.get("command");
            String text = command instanceof List<?> l ? String.join(" ", strings(l)) : String.valueOf(command);
            for (Matcher m = Pattern.compile("com\\.streamlens\\.tools\\.[A-Za-z.]+[A-Za-z]").matcher(text); m.find(); ) toolClasses.add(m.group());
        }
        assertThat(toolClasses).contains("com.streamlens.tools.CreateTopics", "com.streamlens.tools.GenerateEvents");
        for (String c : toolClasses) {
            assertThat(Repository.path("jobs/tools/src/main/java/" + c.replace('.', '/') + ".java")).as(c).exists();
        }
    }

    private static List<String> split(String args) {
        return new ArrayList<>(Arrays.stream(args.trim().split("\\s+")).filter(a -> !a.isEmpty()).toList());
    }
}
