package com.streamlens.state.serde;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import java.io.IOException;

/** Validation steps shared by the event parsers; each throws the reason a dead letter carries. */
final class Checks {
    /** 2000-01-01T00:00:00Z: anything earlier is a unit mix-up (seconds for ms) or a zero. */
    static final long MIN_TS = 946_684_800_000L;
    /** Clock skew we tolerate from browsers and mail servers. */
    static final long MAX_FUTURE_SKEW_MS = 24L * 3600 * 1000;

    static final int ID_CHARS = 128;

    private Checks() {}

    static <T> T read(byte[] payload, int maxBytes, ObjectReader reader) throws InvalidEventException {
        if (payload == null || payload.length == 0) {
            throw new InvalidEventException("empty payload");
        }
        if (payload.length > maxBytes) {
            throw new InvalidEventException("payload too large: " + payload.length + " bytes > " + maxBytes);
        }
        try {
            T value = reader.readValue(payload);
            if (value == null) {
                throw new InvalidEventException("bad JSON: null document");
            }
            return value;
        } catch (InvalidFormatException e) {
            throw new InvalidEventException("invalid value for field '" + path(e) + "': " + e.getValue());
        } catch (MismatchedInputException e) {
            String field = path(e);
            throw new InvalidEventException(field.isEmpty()
                    ? "bad JSON: document is not an event object"
                    : "wrong type for field '" + field + "'");
        } catch (JsonProcessingException e) {
            throw new InvalidEventException("bad JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new InvalidEventException("unreadable payload: " + e.getMessage());
        }
    }

    private static String path(JsonMappingException e) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (sb.length() > 0) sb.append('.');
            sb.append(ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]");
        }
        return sb.toString();
    }

    static void schema(int schema, int supported) throws InvalidEventException {
        if (schema == 0) throw new InvalidEventException("missing required field 'schema'");
        if (schema != supported) {
            throw new InvalidEventException("unsupported schema version " + schema + " (this job reads " + supported + ")");
        }
    }

    static void required(Object value, String field) throws InvalidEventException {
        if (value == null || (value instanceof String s && s.isEmpty())) {
            throw new InvalidEventException("missing required field '" + field + "'");
        }
    }

    static void requiredId(String value, String field) throws InvalidEventException {
        required(value, field);
        maxChars(value, ID_CHARS, field);
    }

    static void maxChars(String value, int max, String field) throws InvalidEventException {
        if (value != null && value.length() > max) {
            throw new InvalidEventException("oversized field '" + field + "': " + value.length() + " chars > " + max);
        }
    }

    static void timestamp(long ts, long nowMs) throws InvalidEventException {
        if (ts == 0) throw new InvalidEventException("missing required field 'ts'");
        if (ts < MIN_TS || ts > nowMs + MAX_FUTURE_SKEW_MS) {
            throw new InvalidEventException("absurd value for 'ts': " + ts + " (epoch ms expected, not in the future)");
        }
    }

    static void position(Double lat, Double lon) throws InvalidEventException {
        if ((lat == null) != (lon == null)) {
            throw new InvalidEventException("'lat' and 'lon' must come together");
        }
        if (lat != null && (lat < -90 || lat > 90 || lon < -180 || lon > 180)) {
            throw new InvalidEventException("absurd position: lat=" + lat + " lon=" + lon);
        }
    }

    static void range(Number value, double min, double max, String field) throws InvalidEventException {
        if (value != null && !(value.doubleValue() >= min && value.doubleValue() <= max)) {
            throw new InvalidEventException("absurd value for '" + field + "': " + value + " (allowed " + min + ".." + max + ")");
        }
    }
}
