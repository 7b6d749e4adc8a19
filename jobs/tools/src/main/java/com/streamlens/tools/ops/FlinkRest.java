package com.streamlens.tools.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.streamlens.state.serde.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The few calls of the Flink Web UI's REST API that operating the local cluster needs (the same ones the Web UI makes). */
public final class FlinkRest {
    private final String base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public FlinkRest(String base) {
        this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }

    /** A job as the overview lists it. */
    public record Job(String id, String name, String state) {}

    /** A job's vertex: its id, name, parallelism and status. */
    public record Vertex(String id, String name, int parallelism, String status) {}

    public List<Job> jobs() throws IOException, InterruptedException {
        List<Job> jobs = new ArrayList<>();
        for (JsonNode j : get("/jobs/overview").path("jobs")) {
            jobs.add(new Job(j.path("jid").asText(), j.path("name").asText(), j.path("state").asText()));
        }
        return jobs;
    }

    /** The running (or restarting, …) job of that name; a finished or cancelled one with the same name is passed over. */
    public Optional<Job> activeJob(String name) throws IOException, InterruptedException {
        return jobs().stream().filter(j -> j.name().equals(name) && !isTerminal(j.state())).findFirst();
    }

    public static boolean isTerminal(String state) {
        return state.equals("FINISHED") || state.equals("CANCELED") || state.equals("FAILED");
    }

    public List<Vertex> vertices(String jobId) throws IOException, InterruptedException {
        List<Vertex> vertices = new ArrayList<>();
        for (JsonNode v : get("/jobs/" + jobId).path("vertices")) {
            vertices.add(new Vertex(v.path("id").asText(), v.path("name").asText(), v.path("parallelism").asInt(), v.path("status").asText()));
        }
        return vertices;
    }

    /** Whether the job runs with every subtask of every vertex running (a job can be RUNNING while tasks still deploy). */
    public boolean fullyRunning(String jobId) throws IOException, InterruptedException {
        JsonNode job = get("/jobs/" + jobId);
        if (!job.path("state").asText().equals("RUNNING")) return false;
        for (JsonNode v : job.path("vertices")) {
            JsonNode counts = v.path("tasks");
            if (counts.path("RUNNING").asInt() != v.path("parallelism").asInt()) return false;
        }
        return true;
    }

    /** The ids of the task managers that run a subtask of the vertex. */
    public List<String> taskManagersOf(String jobId, String vertexId) throws IOException, InterruptedException {
        List<String> ids = new ArrayList<>();
        for (JsonNode tm : get("/jobs/" + jobId + "/vertices/" + vertexId + "/taskmanagers").path("taskmanagers")) {
            ids.add(tm.path("taskmanager-id").asText());
        }
        return ids;
    }

    /** The newest entry of the job's exception history (its time in epoch ms), if any. */
    public Optional<long[]> newestFailureTime(String jobId) throws IOException, InterruptedException {
        JsonNode entries = get("/jobs/" + jobId + "/exceptions?maxExceptions=1").path("exceptionHistory").path("entries");
        return entries.isEmpty() ? Optional.empty() : Optional.of(new long[] {entries.get(0).path("timestamp").asLong()});
    }

    /** The task managers that run any subtask of the job. */
    public java.util.Set<String> taskManagersOfJob(String jobId) throws IOException, InterruptedException {
        java.util.Set<String> ids = new java.util.TreeSet<>();
        for (Vertex v : vertices(jobId)) ids.addAll(taskManagersOf(jobId, v.id()));
        return ids;
    }

    /**
     * The sum over a vertex's subtasks of each metric whose name ends with {@code suffix} (operator metrics carry the
     * operator's name before it, e.g. {@code Source__clickstream.pendingRecords}); 0 when it has none.
     */
    public double vertexMetricSum(String jobId, String vertexId, String suffix) throws IOException, InterruptedException {
        String base = "/jobs/" + jobId + "/vertices/" + vertexId + "/subtasks/metrics";
        List<String> names = new ArrayList<>();
        for (JsonNode m : get(base)) {
            if (m.path("id").asText().endsWith(suffix)) names.add(m.path("id").asText());
        }
        if (names.isEmpty()) return 0;
        double sum = 0;
        for (JsonNode m : get(base + "?agg=sum&get=" + String.join(",", names))) {
            double v = m.path("sum").asDouble(Double.NaN);
            if (!Double.isNaN(v)) sum += v;
        }
        return sum;
    }

    /** The ids of the registered task managers. */
    public List<String> taskManagers() throws IOException, InterruptedException {
        List<String> ids = new ArrayList<>();
        for (JsonNode tm : get("/taskmanagers").path("taskmanagers")) ids.add(tm.path("id").asText());
        return ids;
    }

    /** Stops the job with a savepoint and returns the savepoint's location once it is written. */
    public String stopWithSavepoint(String jobId, Duration timeout) throws IOException, InterruptedException {
        String trigger = post("/jobs/" + jobId + "/stop", Map.of("drain", false)).path("request-id").asText();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode s = get("/jobs/" + jobId + "/savepoints/" + trigger);
            if (s.path("status").path("id").asText().equals("COMPLETED")) {
                JsonNode op = s.path("operation");
                if (op.has("failure-cause")) {
                    String trace = op.path("failure-cause").path("stack-trace").asText();
                    throw new IOException("stop with savepoint failed: " + trace.lines().filter(l -> l.contains("Exception")).reduce((a, b) -> b).orElse(trace));
                }
                return op.path("location").asText();
            }
            Thread.sleep(500);
        }
        throw new IOException("no savepoint of job " + jobId + " within " + timeout);
    }

    /** The id of the newest uploaded jar (run-local uploads the job jar once). */
    public String newestJar() throws IOException, InterruptedException {
        String id = null;
        long newest = Long.MIN_VALUE;
        for (JsonNode f : get("/jars").path("files")) {
            if (f.path("uploaded").asLong() > newest) {
                newest = f.path("uploaded").asLong();
                id = f.path("id").asText();
            }
        }
        if (id == null) throw new IOException("no jar uploaded to " + base);
        return id;
    }

    /** Submits a job of an uploaded jar, from a savepoint when one is given; returns the new job's id. */
    public String run(String jarId, String entryClass, List<String> args, int parallelism, String savepointPath)
            throws IOException, InterruptedException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("entryClass", entryClass);
        body.put("programArgsList", args);
        body.put("parallelism", parallelism);
        if (savepointPath != null) body.put("savepointPath", savepointPath);
        JsonNode answer = post("/jars/" + jarId + "/run", body);
        if (!answer.has("jobid")) throw new IOException("submitting " + entryClass + " failed: " + answer);
        return answer.path("jobid").asText();
    }

    JsonNode get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30)).GET().build());
    }

    JsonNode post(String path, Object body) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofMinutes(2))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Json.toString(body))).build());
    }

    private JsonNode send(HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() / 100 != 2) {
            throw new IOException(request.method() + " " + request.uri() + " answered " + r.statusCode() + ": " + r.body());
        }
        return Json.MAPPER.readTree(r.body());
    }
}
