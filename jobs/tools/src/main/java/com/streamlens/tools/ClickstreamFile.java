package com.streamlens.tools;

import com.streamlens.operators.io.BadInput;
import com.streamlens.operators.io.BadRows;
import com.streamlens.operators.io.kafka.ParsingDeserializer;
import com.streamlens.state.Topics;
import com.streamlens.state.events.ClickEvent;
import com.streamlens.state.events.ParseResult;
import com.streamlens.state.events.RawRecord;
import com.streamlens.state.serde.ClickEventParser;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * A file of clickstream events, one JSON object per line in the product's schema ({@code .gz} allowed): each line goes
 * through the job's own parser, so a line the job would send to dead-letters is a bad row here (stop, or skip and count
 * under {@code --skip-bad-rows}).
 */
public final class ClickstreamFile {
    private ClickstreamFile() {}

    public static InputStream open(Path file) throws IOException {
        InputStream in = Files.newInputStream(file);
        return file.toString().endsWith(".gz") ? new GZIPInputStream(in, 1 << 16) : in;
    }

    public static OutputStream create(Path file) throws IOException {
        if (file.getParent() != null) Files.createDirectories(file.getParent());
        OutputStream out = Files.newOutputStream(file);
        return file.toString().endsWith(".gz") ? new GZIPOutputStream(out, 1 << 16) : out;
    }

    /** The valid events of the file, in file order; progress every million lines. */
    public static List<ClickEvent> read(Path file, BadRows badRows) {
        if (!Files.isRegularFile(file)) throw BadInput.of(file, "no such file");
        ClickEventParser parser = new ClickEventParser();
        List<ClickEvent> out = new ArrayList<>();
        long n = 0;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(open(file), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                n++;
                if (line.isBlank()) continue;
                ParseResult<ClickEvent> p = ParsingDeserializer.parse(parser,
                        new RawRecord(Topics.CLICKSTREAM, 0, n, -1L, line.getBytes(StandardCharsets.UTF_8)));
                if (p.rejected != null) {
                    badRows.reject(BadInput.at(file, n, p.rejected.reason));
                    continue;
                }
                out.add(p.event);
                if (n % 1_000_000 == 0) System.out.printf("read %,d lines of %s%n", n, file);
            }
        } catch (IOException e) {
            throw BadInput.unreadable(file, e);
        }
        if (out.isEmpty()) throw BadInput.of(file, "holds no valid clickstream events");
        return out;
    }
}
