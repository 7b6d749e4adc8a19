package com.streamlens.operators.io;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * A user's input file cannot be used as it is: the message names the file, the line (when one line is at fault), the
 * field and what was expected, e.g. {@code ratings.csv:2: rating "x" is not a number}. The command-line tools print it
 * as their one line on stderr and exit 2, with no RESULT line (see {@code ToolMain}).
 */
public class BadInput extends RuntimeException {
    public BadInput(String message) {
        super(message);
    }

    /** One line of the file is at fault (lines count from 1, the header included). */
    public static BadInput at(Path file, long line, String what) {
        return new BadInput(file + ":" + line + ": " + what);
    }

    /** The file could not be read: missing, or the I/O error's own words. */
    public static BadInput unreadable(Path file, IOException e) {
        return of(file, e instanceof NoSuchFileException ? "no such file" : "cannot read: " + e.getMessage());
    }

    /** The file as a whole is at fault (missing, empty, degenerate). */
    public static BadInput of(Path file, String what) {
        return new BadInput(file + ": " + what);
    }
}
