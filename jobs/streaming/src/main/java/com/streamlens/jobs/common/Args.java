package com.streamlens.jobs.common;

import java.util.Locale;
import org.apache.flink.util.ParameterTool;

/** Typed, range-checked reads of command-line arguments; a bad value stops start-up with a clear message. */
public final class Args {
    private Args() {}

    public static long longIn(ParameterTool p, String name, long def, long min, long max) {
        String raw = p.get(name);
        long v;
        try {
            v = raw == null ? def : Long.parseLong(raw.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " must be a whole number, got '" + raw + "'");
        }
        if (v < min || v > max) {
            throw new IllegalArgumentException("--" + name + " must be in " + min + ".." + max + ", got " + v);
        }
        return v;
    }

    public static int intIn(ParameterTool p, String name, int def, int min, int max) {
        return (int) longIn(p, name, def, min, max);
    }

    public static double doubleIn(ParameterTool p, String name, double def, double min, double max) {
        String raw = p.get(name);
        double v;
        try {
            v = raw == null ? def : Double.parseDouble(raw.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " must be a number, got '" + raw + "'");
        }
        if (!(v >= min && v <= max)) {
            throw new IllegalArgumentException("--" + name + " must be in " + min + ".." + max + ", got " + v);
        }
        return v;
    }

    /** {@code --name true|false}; the flag alone ({@code --name}) means true. */
    public static boolean flag(ParameterTool p, String name, boolean def) {
        if (!p.has(name)) return def;
        String raw = p.get(name);
        // ParameterTool stores a bare flag with the value "__NO_VALUE_KEY" (its constant is protected).
        if (raw == null || raw.equals("__NO_VALUE_KEY") || raw.equalsIgnoreCase("true")) return true;
        if (raw.equalsIgnoreCase("false")) return false;
        throw new IllegalArgumentException("--" + name + " must be true or false, got '" + raw + "'");
    }

    public static <E extends Enum<E>> E oneOf(ParameterTool p, String name, String def, Class<E> type) {
        String raw = p.get(name, def);
        try {
            return Enum.valueOf(type, raw.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            StringBuilder allowed = new StringBuilder();
            for (E c : type.getEnumConstants()) allowed.append(allowed.length() > 0 ? "|" : "").append(c.name().toLowerCase(Locale.ROOT));
            throw new IllegalArgumentException("--" + name + " must be one of " + allowed + ", got '" + raw + "'");
        }
    }
}
