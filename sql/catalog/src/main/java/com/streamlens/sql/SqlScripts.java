package com.streamlens.sql;

import java.util.ArrayList;
import java.util.List;

/** Splits the product's .sql files into statements: whole-line "--" comments dropped, split at a semicolon ending a line. */
public final class SqlScripts {
    private SqlScripts() {}

    public static List<String> statements(String script) {
        String noComments = script.replaceAll("(?m)^\\s*--.*$", "");
        List<String> out = new ArrayList<>();
        for (String part : noComments.split(";\\s*(\\r?\\n|$)")) {
            String stmt = part.trim();
            if (!stmt.isEmpty()) out.add(stmt);
        }
        return out;
    }
}
