package com.streamlens.jobs.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.streamlens.state.serde.Json;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.flink.api.common.JobID;

/** A running job's task metrics read through the cluster's REST API, as the Web UI shows them: what a timed-out wait reports. */
public final class TaskMetrics {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private TaskMetrics() {}

    /**
     * Each subtask of the named vertex with its metrics whose names match, e.g.
     * {@code user rows + lists[2]: {user_rows_+_lists.interactions=1, …}}; never throws (a diagnosis must not hide the failure).
     */
    public static String describe(URI rest, JobID job, String vertexName, Pattern metricNames) {
        try {
            List<String> lines = new ArrayList<>();
            for (JsonNode vertex : get(rest, "/jobs/" + job).get("vertices")) {
                if (!vertex.get("name").asText().equals(vertexName)) continue;
                String base = "/jobs/" + job + "/vertices/" + vertex.get("id").asText() + "/subtasks/";
                for (int i = 0; i < vertex.get("parallelism").asInt(); i++) {
                    List<String> names = new ArrayList<>();
                    for (JsonNode m : get(rest, base + i + "/metrics")) {
                        String id = m.get("id").asText();
                        if (metricNames.matcher(id).find()) names.add(id);
                    }
                    StringBuilder values = new StringBuilder();
                    if (!names.isEmpty()) {
                        for (JsonNode m : get(rest, base + i + "/metrics?get=" + URLEncoder.encode(String.join(",", names), StandardCharsets.UTF_8))) {
                            values.append(values.isEmpty() ? "" : ", ").append(m.get("id").asText()).append('=').append(m.get("value").asText());
                        }
                    }
                    lines.add(vertexName + "[" + i + "]: {" + values + "}");
                }
            }
            return lines.isEmpty() ? "no vertex named '" + vertexName + "'" : String.join("; ", lines);
        } catch (Exception e) {
            return "metrics unavailable: " + e;
        }
    }

    private static JsonNode get(URI rest, String path) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(rest.resolve(path)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) throw new IllegalStateException(path + " answered " + response.statusCode() + ": " + response.body());
        return Json.MAPPER.readTree(response.body());
    }
}
