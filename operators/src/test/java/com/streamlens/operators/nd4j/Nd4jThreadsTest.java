package com.streamlens.operators.nd4j;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class Nd4jThreadsTest {
    /** In a JVM of its own without OMP_NUM_THREADS (ND4J would give each call every core): one thread; with it: its value. */
    @Test
    void aTaskManagerWithoutOmpNumThreadsGetsOneNativeThreadPerCall() throws Exception {
        String[] unset = runChild(null);
        assertThat(unset[1]).as("OpenMP, per op, BLAS after").isEqualTo("1 1 1");
        if (Runtime.getRuntime().availableProcessors() > 1) assertThat(unset[0]).as("ND4J's own default").isNotEqualTo("1 1 1");
        String[] set = runChild("2");
        assertThat(set[1]).as("the environment's value stands").isEqualTo(set[0]).startsWith("2 ");
    }

    /** The child's thread counts before and after the call. */
    private static String[] runChild(String ompNumThreads) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Child.class.getName());
        if (ompNumThreads == null) pb.environment().remove(Nd4jThreads.ENV);
        else pb.environment().put(Nd4jThreads.ENV, ompNumThreads);
        pb.redirectErrorStream(true);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        List<String> lines = out.lines().filter(l -> l.startsWith("THREADS ")).map(l -> l.substring("THREADS ".length())).toList();
        assertThat(lines).as(out).hasSize(2);
        return lines.toArray(String[]::new);
    }

    public static final class Child {
        public static void main(String[] args) {
            print(Nd4jThreads.current());
            Nd4jThreads.onePerCallUnlessConfigured();
            print(Nd4jThreads.current());
        }

        private static void print(int[] threads) {
            System.out.println("THREADS " + String.join(" ", Arrays.stream(threads).mapToObj(String::valueOf).toList()));
        }
    }
}
