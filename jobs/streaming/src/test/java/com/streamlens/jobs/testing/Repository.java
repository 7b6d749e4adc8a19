package com.streamlens.jobs.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/** Files of the repository the tests read (flink-conf, sql), found from whichever module directory Maven runs in. */
public final class Repository {
    private Repository() {}

    /** The repository root: the nearest directory upwards holding both flink-conf/ and sql/. */
    public static final Path ROOT = findRoot();

    public static Path path(String first, String... more) {
        return ROOT.resolve(Path.of(first, more));
    }

    private static Path findRoot() {
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            if (Files.isDirectory(d.resolve("flink-conf")) && Files.isDirectory(d.resolve("sql"))) return d;
        }
        throw new IllegalStateException("no repository root (flink-conf/ and sql/) above " + Path.of("").toAbsolutePath());
    }
}
