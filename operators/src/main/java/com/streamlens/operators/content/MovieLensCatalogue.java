package com.streamlens.operators.content;

import com.streamlens.operators.io.BadInput;
import com.streamlens.operators.io.BadRows;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Item text for the offline evaluation from MovieLens files: {@code movies.csv} (movieId,title,genres; titles with
 * commas are quoted, read with Commons CSV) and optionally {@code tags.csv} (userId,movieId,tag,timestamp in seconds).
 * An item's text is its title and genres ("(no genres listed)" is none); tags join it only from their timestamp on.
 */
public final class MovieLensCatalogue {
    public static final String MOVIES_HEADER = "movieId,title,genres";
    public static final String TAGS_HEADER = "userId,movieId,tag,timestamp";

    private MovieLensCatalogue() {}

    /** A tag given to an item at a time (ms). */
    public record TimedTag(String itemId, String tag, long ts) {}

    /** movieId → "title genre genre …". */
    public static Map<String, String> readMovies(Path csv, BadRows badRows) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Row r : rows(csv, MOVIES_HEADER, 3, badRows)) {
            try {
                String id = r.field(0, "movieId"), title = r.record.get(1).strip();
                String genres = r.record.get(2).strip();
                String text = genres.equals("(no genres listed)") ? title : title + " " + genres.replace('|', ' ');
                out.put(id, text);
            } catch (BadInput bad) {
                badRows.reject(bad);
            }
        }
        if (out.isEmpty()) throw BadInput.of(csv, "no movies");
        return out;
    }

    /** The tags, sorted by time. */
    public static List<TimedTag> readTags(Path csv, BadRows badRows) {
        List<TimedTag> out = new ArrayList<>();
        for (Row r : rows(csv, TAGS_HEADER, 4, badRows)) {
            try {
                String item = r.field(1, "movieId"), tag = r.field(2, "tag");
                String ts = r.record.get(3).strip();
                long seconds;
                try {
                    seconds = Long.parseLong(ts);
                } catch (NumberFormatException e) {
                    throw BadInput.at(csv, r.line, "timestamp \"" + ts + "\" is not a whole number of seconds");
                }
                out.add(new TimedTag(item, tag, seconds * 1000));
            } catch (BadInput bad) {
                badRows.reject(bad);
            }
        }
        out.sort(Comparator.comparingLong(TimedTag::ts));
        return out;
    }

    private record Row(Path csv, long line, CSVRecord record) {
        String field(int i, String name) {
            String v = record.get(i).strip();
            if (v.isEmpty()) throw BadInput.at(csv, line, name + " is empty");
            return v;
        }
    }

    private static List<Row> rows(Path csv, String header, int fields, BadRows badRows) {
        List<Row> out = new ArrayList<>();
        try (Reader in = Files.newBufferedReader(csv, StandardCharsets.UTF_8);
             CSVParser parser = CSVFormat.DEFAULT.parse(in)) {
            boolean first = true;
            for (CSVRecord rec : parser) { // the header line first
                long line = parser.getCurrentLineNumber();
                if (first) {
                    first = false;
                    String got = String.join(",", rec.toList()).replace("\uFEFF", "").strip();
                    if (!got.equals(header)) throw BadInput.at(csv, 1, "expected the header " + header + ", got \"" + got + "\"");
                    continue;
                }
                if (rec.size() == 1 && rec.get(0).isBlank()) continue;
                if (rec.size() != fields) {
                    badRows.reject(BadInput.at(csv, line, "expected " + fields + " fields (" + header + "), got " + rec.size()));
                    continue;
                }
                out.add(new Row(csv, line, rec));
            }
            if (first) throw BadInput.of(csv, "empty file; expected the header " + header);
        } catch (IOException | java.io.UncheckedIOException e) {
            throw BadInput.unreadable(csv, e instanceof IOException io ? io : ((java.io.UncheckedIOException) e).getCause());
        }
        return out;
    }
}
