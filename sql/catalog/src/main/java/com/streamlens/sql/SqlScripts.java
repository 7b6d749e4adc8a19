package com.streamlens.sql;

import java.util.ArrayList;
import java.util.List;

/** Splits the product's .sql files into statements: whole-line "--" comments dropped, split at a semicolon ending a line. */
public final class SqlScripts {
    private SqlScripts() {}

    /** One statement and the line of the script (1-based) it starts on, for error messages. */
    public record Statement(String sql, int line) {}

    public static List<String> statements(String script) {
        return statementsWithLines(script).stream().map(Statement::sql).toList();
    }

    public static List<Statement> statementsWithLines(String script) {
        List<Statement> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        int start = 0;
        String[] lines = script.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (line.strip().startsWith("--")) continue;
            if (current.toString().isBlank()) {
                current.setLength(0);
                start = i + 1;
            }
            String trimmedEnd = line.stripTrailing();
            if (trimmedEnd.endsWith(";")) {
                current.append(trimmedEnd, 0, trimmedEnd.length() - 1);
                add(out, current, start);
            } else {
                current.append(line).append('\n');
            }
        }
        add(out, current, start);
        return out;
    }

    private static void add(List<Statement> out, StringBuilder current, int start) {
        String sql = current.toString().trim();
        if (!sql.isEmpty()) out.add(new Statement(sql, start));
        current.setLength(0);
    }
}
