package com.streamlens.tools;

import com.streamlens.jobs.common.Args;
import com.streamlens.operators.io.BadInput;
import com.streamlens.operators.io.BadRows;
import java.io.PrintStream;
import org.apache.flink.util.ParameterTool;

/**
 * The one frame of every command-line tool: bad input (a file, a row, an argument) ends it with one line on stderr
 * naming what is wrong, exit code 2 and no RESULT line, so nothing downstream can mistake a failure for a figure.
 */
public final class ToolMain {
    /** Exit code of a tool that refused its input. */
    public static final int BAD_INPUT = 2;

    /** A tool's work, given its arguments. */
    @FunctionalInterface
    public interface Body {
        void run(String[] args) throws Exception;
    }

    private ToolMain() {}

    /** Runs {@code body}; on bad input prints its one line to {@code err} and returns {@link #BAD_INPUT}, else 0. */
    public static int run(String[] args, Body body, PrintStream err) throws Exception {
        try {
            body.run(args);
            return 0;
        } catch (BadInput | IllegalArgumentException bad) {
            err.println(bad.getMessage());
            return BAD_INPUT;
        }
    }

    /** Prints {@code usage} when the arguments ask for {@code --help}; the tool then does nothing else. */
    public static boolean printedHelp(String[] args, String usage) {
        if (!java.util.List.of(args).contains("--help")) return false;
        System.out.println(usage);
        return true;
    }

    /** The bad-row policy the tool's {@code --skip-bad-rows} asks for. */
    public static BadRows badRows(ParameterTool p) {
        return new BadRows(Args.flag(p, "skip-bad-rows", false));
    }

    /** Says how many rows were skipped, if any (on stdout, with the tool's progress). */
    public static void reportSkipped(BadRows badRows) {
        if (badRows.summary() != null) System.out.println(badRows.summary());
    }

    /** For {@code main}: exits with {@link #BAD_INPUT} when the input was refused; returns normally otherwise. */
    public static void exitOnBadInput(String[] args, Body body) throws Exception {
        int code = run(args, body, System.err);
        if (code != 0) System.exit(code);
    }
}
