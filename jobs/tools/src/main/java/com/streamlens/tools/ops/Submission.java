package com.streamlens.tools.ops;

import com.fasterxml.jackson.core.type.TypeReference;
import com.streamlens.state.serde.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** A job as run-local submitted it (.local/submitted-jobs.tsv: entry class, arguments as JSON strings, parallelism). */
public record Submission(String entryClass, List<String> args, int parallelism) {
    /** The last submission of {@code entryClass} in the file. */
    public static Submission lastOf(Path tsv, String entryClass) throws IOException {
        if (!Files.exists(tsv)) throw new IllegalArgumentException(tsv + " is missing: was the stack started by scripts/run-local?");
        Submission found = null;
        for (String line : Files.readAllLines(tsv)) {
            String[] f = line.split("\t");
            if (f.length == 3 && f[0].equals(entryClass)) {
                found = new Submission(f[0], Json.MAPPER.readValue("[" + f[1] + "]", new TypeReference<List<String>>() {}), Integer.parseInt(f[2]));
            }
        }
        if (found == null) throw new IllegalArgumentException(tsv + " has no submission of " + entryClass);
        return found;
    }
}
