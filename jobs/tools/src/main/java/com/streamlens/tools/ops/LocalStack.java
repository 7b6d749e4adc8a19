package com.streamlens.tools.ops;

import com.streamlens.jobs.geo.GeoJobOptions;
import com.streamlens.operators.io.redis.RedisEndpoint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.flink.util.ParameterTool;

/**
 * The stack scripts/run-local started, as the operations tools find it: the Web UI's REST API, the folder with its pid
 * files and submissions, and the Kafka and Redis the geo job was submitted with (unless --kafka / --redis say otherwise).
 */
public record LocalStack(FlinkRest rest, Path dir, Submission geo, GeoJobOptions geoOptions, String kafka, RedisEndpoint redis) {
    public static final String GEO_JOB_CLASS = "com.streamlens.jobs.geo.GeoActivityJob";

    /** From the tool's {@code --rest}, {@code --local-dir}, {@code --kafka}, {@code --redis}. */
    public static LocalStack from(ParameterTool p) throws IOException {
        FlinkRest rest = new FlinkRest(p.get("rest", "http://127.0.0.1:8081"));
        Path dir = Path.of(p.get("local-dir", ".local"));
        Submission geo = Submission.lastOf(dir.resolve("submitted-jobs.tsv"), GEO_JOB_CLASS);
        GeoJobOptions options = GeoJobOptions.fromArgs(geo.args().toArray(String[]::new));
        return new LocalStack(rest, dir, geo, options, p.get("kafka", options.common().bootstrap()),
                RedisEndpoint.parse(p.get("redis", options.common().redisUri())));
    }

    /** The pid of the task manager of that name (run-local names its pid file after it). */
    public long taskManagerPid(String name) throws IOException {
        return Long.parseLong(Files.readString(dir.resolve("pids").resolve(name + ".pid")).trim());
    }

    /** The pids of every task manager run-local (or start-taskmanager) started, alive or not. */
    public List<Long> taskManagerPids() throws IOException {
        List<Long> pids = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir.resolve("pids"))) {
            for (Path f : files.filter(f -> f.getFileName().toString().matches("taskmanager(-\\d+)?\\.pid")).toList()) {
                pids.add(Long.parseLong(Files.readString(f).trim()));
            }
        }
        return pids;
    }
}
