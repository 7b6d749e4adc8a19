package com.streamlens.sql;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * scripts/sql: runs a .sql file (or one statement) against the SQL Gateway through the Flink JDBC driver and prints the
 * rows, tab-separated with a header; a streaming query prints rows as they come (stop it with Ctrl-C). As every tool
 * here: a statement the gateway refuses, or a file that is not there, is one line on stderr naming the file and the
 * statement's line ({@code queries/x.sql:7: Object 'nope' not found …}) and exit code 2; a gateway it cannot reach is
 * one line and exit code 1.
 */
public final class SqlShell {
    public static final int BAD_INPUT = 2;
    public static final int UNREACHABLE = 1;

    private SqlShell() {}

    /** Usage: SqlShell JDBC_URL (FILE.sql | "STATEMENT"). */
    public static void main(String[] args) {
        if (args.length != 2) {
            System.err.println("usage: scripts/sql (FILE.sql | \"STATEMENT\")");
            System.exit(BAD_INPUT);
        }
        System.exit(run(() -> DriverManager.getConnection(args[0]), args[0], args[1], System.out, System.err));
    }

    /** Runs the file or statement {@code source}; returns the exit code. */
    public static int run(Callable<Connection> connect, String url, String source, PrintStream out, PrintStream err) {
        String origin;
        String text;
        if (looksLikeFile(source)) {
            try {
                text = Files.readString(Path.of(source));
            } catch (NoSuchFileException e) {
                err.println(source + ": no such file");
                return BAD_INPUT;
            } catch (IOException e) {
                err.println(source + ": cannot be read (" + e.getMessage() + ")");
                return BAD_INPUT;
            }
            origin = source;
        } else {
            text = source;
            origin = "statement";
        }
        List<SqlScripts.Statement> statements = SqlScripts.statementsWithLines(text);
        if (statements.isEmpty()) {
            err.println(origin + ": no SQL statement");
            return BAD_INPUT;
        }
        Connection c;
        try {
            c = connect.call();
        } catch (Exception e) {
            err.println("cannot reach the SQL Gateway at " + url + " (is scripts/run-local running?): " + firstLine(rootMessage(e)));
            return UNREACHABLE;
        }
        try (c; Statement st = c.createStatement()) {
            for (SqlScripts.Statement s : statements) {
                try {
                    if (st.execute(s.sql())) print(st.getResultSet(), out, err);
                } catch (Exception e) { // the driver throws its own unchecked exceptions beside SQLException
                    err.println(origin + ":" + s.line() + ": " + firstLine(rootMessage(e)));
                    return BAD_INPUT;
                }
            }
        } catch (SQLException e) {
            err.println("the SQL Gateway at " + url + " failed: " + firstLine(rootMessage(e)));
            return UNREACHABLE;
        }
        return 0;
    }

    private static boolean looksLikeFile(String source) {
        String s = source.strip();
        return !s.contains("\n") && (s.endsWith(".sql") || Files.isRegularFile(Path.of(s.isEmpty() ? "." : s)));
    }

    private static void print(ResultSet rs, PrintStream out, PrintStream err) throws SQLException {
        try (rs) {
            ResultSetMetaData md = rs.getMetaData();
            StringBuilder header = new StringBuilder();
            for (int i = 1; i <= md.getColumnCount(); i++) header.append(i > 1 ? "\t" : "").append(md.getColumnLabel(i));
            out.println(header);
            long rows = 0;
            while (rs.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= md.getColumnCount(); i++) row.append(i > 1 ? "\t" : "").append(rs.getObject(i));
                out.println(row);
                rows++;
            }
            err.println("(" + rows + " rows)");
        }
    }

    private static final java.util.regex.Pattern CAUSED_BY = java.util.regex.Pattern.compile("(?m)^Caused by: [\\w.$]+: (.*)$");

    /**
     * The reason behind an error: the gateway sends its server-side stack trace as text inside a RestClientException, so
     * the causes are read from the messages too. The planner's "From line L, column C …: Object 'x' not found" is preferred
     * (it places the error inside the statement), else the innermost cause.
     */
    static String rootMessage(Throwable e) {
        List<String> reasons = new java.util.ArrayList<>();
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String m = t.getMessage();
            if (m == null || m.isBlank()) continue;
            reasons.add(m.strip());
            java.util.regex.Matcher caused = CAUSED_BY.matcher(m);
            while (caused.find()) reasons.add(caused.group(1).strip());
        }
        if (reasons.isEmpty()) return e.getClass().getSimpleName();
        for (int i = reasons.size() - 1; i >= 0; i--) if (reasons.get(i).startsWith("From line ")) return reasons.get(i);
        return reasons.get(reasons.size() - 1);
    }

    private static String firstLine(String s) {
        String line = s.strip();
        int nl = line.indexOf('\n');
        return nl < 0 ? line : line.substring(0, nl).strip();
    }
}
