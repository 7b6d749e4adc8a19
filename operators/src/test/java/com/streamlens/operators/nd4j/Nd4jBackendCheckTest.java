package com.streamlens.operators.nd4j;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class Nd4jBackendCheckTest {
    @Test
    void theBuildsBackendStarts() {
        assertThat(Nd4jBackendCheck.require()).isEqualTo(Nd4jBackendCheck.CPU_BACKEND);
    }

    /** The CPU backend's classes without its linux-x86_64 natives: the operator's first ND4J call names the backend and what it needs, every time. */
    @Test
    void aBackendWithoutItsNativesFailsWithItsNameEveryTime() throws Exception {
        List<String> out = runChild(entry -> entry.matches(".*nd4j-native-[^/]*-linux-x86_64\\.jar"));
        assertThat(out.get(0)).startsWith("FAILED ND4J's CPU backend (nd4j-native, linux-x86_64 natives) could not start: ");
        assertThat(out.get(1)).as("a second subtask's open()").isEqualTo("AGAIN " + out.get(0).substring("FAILED ".length()));
    }

    @Test
    void aClasspathWithoutABackendSaysWhichArtefactsCarryOne() throws Exception {
        List<String> out = runChild(entry -> entry.contains("nd4j-native"));
        assertThat(out.get(0)).startsWith("FAILED no ND4J backend on the classpath (")
                .contains("nd4j-native (the default build) or nd4j-cuda-11.6 (-Pcuda)");
    }

    /** Runs {@link Child} on this JVM's class path without the entries {@code dropped} matches; its two result lines. */
    private static List<String> runChild(Predicate<String> dropped) throws IOException, InterruptedException {
        String[] entries = System.getProperty("java.class.path").split(File.pathSeparator);
        assertThat(Stream.of(entries).filter(dropped)).as("the class path holds what the test removes").isNotEmpty();
        String classpath = String.join(File.pathSeparator, Stream.of(entries).filter(dropped.negate()).toList());
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classpath, Child.class.getName());
        pb.redirectErrorStream(true);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        List<String> lines = out.lines().filter(l -> l.startsWith("FAILED ") || l.startsWith("AGAIN ") || l.startsWith("STARTED")).toList();
        assertThat(lines).as(out).hasSize(2);
        return lines;
    }

    public static final class Child {
        public static void main(String[] args) {
            for (String attempt : new String[] {"FAILED ", "AGAIN "}) {
                try {
                    Nd4jThreads.onePerCallUnlessConfigured(); // what an operator's open() calls first
                    System.out.println("STARTED");
                } catch (IllegalStateException e) {
                    System.out.println(attempt + e.getMessage());
                }
            }
        }
    }
}
