package com.streamlens.jobs.common;

import java.util.List;
import java.util.function.Function;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The one {@code main} of every job: {@code --help} → options (a bad one stops start-up) → log → wire → execute. */
public final class JobMain {
    private static final Logger LOG = LoggerFactory.getLogger(JobMain.class);

    /** Wires a job's production sources, operators and sinks on {@code env}. */
    @FunctionalInterface
    public interface Wiring<O> {
        void wire(StreamExecutionEnvironment env, O options);
    }

    private JobMain() {}

    /** Runs the job {@code name}; {@code options} is logged, so its toString masks secrets. */
    public static <O> void run(String name, String usage, String[] args, Function<String[], O> parseOptions, Wiring<O> wiring)
            throws Exception {
        if (List.of(args).contains("--help")) {
            System.out.println(usage);
            return;
        }
        O options = parseOptions.apply(args);
        LOG.info("starting {} with {}", name, options);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        wiring.wire(env, options);
        env.execute(name);
    }
}
