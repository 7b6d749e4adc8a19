package com.streamlens.operators.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.streamlens.state.serde.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** JSONL files as the tools read them: one JSON object per line, blank lines skipped, a bad line named by its number. */
public final class JsonLines {
    private JsonLines() {}

    /** What one line becomes; null leaves the line out; a {@link BadInput} rejects it. */
    @FunctionalInterface
    public interface Row<T> {
        T parse(JsonNode object, int lineNo);
    }

    /** Every line's row; a bad line stops the read with a {@link BadInput} naming it, unless {@code badRows} skips it. */
    public static <T> List<T> read(Path file, BadRows badRows, Row<T> row) {
        List<T> out = new ArrayList<>();
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int no = 0;
            while ((line = r.readLine()) != null) {
                no++;
                if (line.isBlank()) continue;
                try {
                    T t = row.parse(object(file, no, line), no);
                    if (t != null) out.add(t);
                } catch (BadInput bad) {
                    badRows.reject(bad);
                }
            }
        } catch (IOException e) {
            throw BadInput.unreadable(file, e);
        }
        return out;
    }

    private static JsonNode object(Path file, int no, String line) {
        JsonNode n;
        try {
            n = Json.MAPPER.readTree(line);
        } catch (IOException e) {
            throw BadInput.at(file, no, "not a JSON object (" + (e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage()) + ")");
        }
        if (n == null || !n.isObject()) throw BadInput.at(file, no, "not a JSON object");
        return n;
    }
}
