package com.streamlens.operators.mail.category;

import com.fasterxml.jackson.databind.JsonNode;
import com.streamlens.operators.io.BadInput;
import com.streamlens.operators.io.BadRows;
import com.streamlens.operators.io.JsonLines;
import com.streamlens.operators.mail.Senders;
import com.streamlens.operators.mail.spam.MailText;
import com.streamlens.operators.mail.spam.SpamCorpus;
import jakarta.mail.Header;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetHeaders;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Training letters for the category model: JSONL of {@code {"text", "headers", "label", "from"?}} (text plain or raw
 * RFC-822), or the SpamAssassin ham read as people versus bulk mail by the corpus' own folders.
 */
public final class CategoryCorpus {
    /** The headers the category model reads, by their lower-case names, as mail events carry them. */
    public static final Set<String> HEADERS = Set.of("list-unsubscribe", "list-id", "precedence", "auto-submitted", "x-mailer", "from");

    /**
     * What the SpamAssassin labels mean: its hard ham is commercial bulk mail (newsletters, offers, notices that look like
     * spam); its easy ham is what people wrote, to one person or to a discussion list.
     */
    public static final String SPAM_ASSASSIN_LABELS = "SpamAssassin ham by folder: hard-ham = bulk (commercial newsletters and notices),"
            + " easy-ham = personal (letters people wrote, to one person or to a mailing list)";

    private CategoryCorpus() {}

    /** easy-ham-* → personal, hard-ham-* → bulk; spam folders are not read. Raw bytes, as the spam corpus reads them. */
    public static List<CategoryExample> readSpamAssassinHam(Path dataDir) throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.walk(dataDir)) {
            files = s.filter(f -> f.toString().endsWith(".txt") && f.getParent() != null && group(f).contains("ham")).sorted().toList();
        }
        if (files.isEmpty()) throw new IllegalArgumentException("no ham messages (easy-ham-*/*.txt, hard-ham-*/*.txt) under " + dataDir);
        List<CategoryExample> out = new ArrayList<>(files.size());
        for (int i = 0; i < files.size(); i++) {
            String raw = new String(Files.readAllBytes(files.get(i)), StandardCharsets.ISO_8859_1);
            out.add(fromRfc822(raw, group(files.get(i)).startsWith("hard-ham") ? "bulk" : "personal"));
            if ((i + 1) % 1000 == 0) System.out.printf("parsed %d/%d messages%n", i + 1, files.size());
        }
        return out;
    }

    private static String group(Path f) {
        return f.getParent().getFileName().toString();
    }

    /** A raw message: its subject and body as the spam model reads them, its sender and the selected headers. */
    public static CategoryExample fromRfc822(String raw, String label) {
        Map<String, String> headers = headers(raw);
        return new CategoryExample(MailText.fromRfc822(raw), Senders.address(headers.get("from")), headers, label);
    }

    /** The selected headers of a raw message's header block, lower-case names; a malformed block gives what could be read. */
    static Map<String, String> headers(String raw) {
        Map<String, String> out = new HashMap<>();
        try {
            InternetHeaders h = new InternetHeaders(new ByteArrayInputStream(raw.getBytes(StandardCharsets.ISO_8859_1)));
            for (Iterator<Header> it = h.getAllHeaders().asIterator(); it.hasNext(); ) {
                Header header = it.next();
                String name = header.getName().toLowerCase(Locale.ROOT);
                if (HEADERS.contains(name)) out.putIfAbsent(name, header.getValue().strip());
            }
        } catch (MessagingException | RuntimeException e) {
            // no readable header block: the letter has no header features
        }
        if (out.containsKey("from")) {
            String from = out.get("from");
            int open = from.lastIndexOf('<');
            if (open < 0 && from.contains(" ")) out.put("from", from.split("\\s+")[0]); // "a@b (Name)"
        }
        return out;
    }

    /** JSONL of {@code {"text", "headers"?: {name: value}, "label", "from"?}}; a bad line stops the read unless {@code badRows} skips it. */
    public static List<CategoryExample> readJsonl(Path file, BadRows badRows) {
        List<CategoryExample> out = JsonLines.read(file, badRows, (n, no) -> jsonl(file, no, n));
        if (out.isEmpty()) throw BadInput.of(file, "no letters");
        return out;
    }

    private static CategoryExample jsonl(Path file, int no, JsonNode n) {
        if (!n.path("text").isTextual()) throw BadInput.at(file, no, "field \"text\" is missing or not a string");
        String label = n.path("label").asText("").strip().toLowerCase(Locale.ROOT);
        if (!label.matches("[a-z][a-z0-9_-]{0,31}")) throw BadInput.at(file, no, "label must be a class name like \"bulk\", got " + n.path("label"));
        JsonNode h = n.path("headers");
        if (!h.isMissingNode() && !h.isNull() && !h.isObject()) throw BadInput.at(file, no, "field \"headers\" must be an object of strings");
        String text = n.path("text").asText();
        if (SpamCorpus.isRfc822(text)) {
            CategoryExample raw = fromRfc822(text, label);
            return n.has("from") ? new CategoryExample(raw.text(), Senders.address(n.path("from").asText()), raw.headers(), label) : raw;
        }
        Map<String, String> headers = new HashMap<>();
        h.fields().forEachRemaining(e -> {
            if (!e.getValue().isValueNode()) throw BadInput.at(file, no, "header \"" + e.getKey() + "\" must be a string");
            headers.put(e.getKey().toLowerCase(Locale.ROOT), e.getValue().asText());
        });
        String from = n.has("from") ? n.path("from").asText() : headers.get("from");
        return new CategoryExample(MailText.of(null, text), Senders.address(from), headers, label);
    }

    /** Letters whose text is the same after folding case and white space: the first of each is kept. */
    public static List<CategoryExample> withoutCopies(List<CategoryExample> letters) {
        Set<String> seen = new HashSet<>();
        List<CategoryExample> out = new ArrayList<>();
        for (CategoryExample e : letters) if (seen.add(e.text().toLowerCase(Locale.ROOT).replaceAll("\\s+", " ").strip())) out.add(e);
        return out;
    }

    /** A stratified split: {@code testShare} of each class, drawn with {@code seed}, is held out. */
    public record Split(List<CategoryExample> train, List<CategoryExample> test) {}

    public static Split holdOut(List<CategoryExample> letters, double testShare, long seed) {
        Map<String, List<CategoryExample>> byClass = new LinkedHashMap<>();
        for (CategoryExample e : letters) byClass.computeIfAbsent(e.label(), k -> new ArrayList<>()).add(e);
        Random rnd = new Random(seed);
        List<CategoryExample> train = new ArrayList<>(), test = new ArrayList<>();
        for (List<CategoryExample> members : byClass.values()) {
            List<CategoryExample> shuffled = new ArrayList<>(members);
            Collections.shuffle(shuffled, rnd);
            int held = (int) Math.round(shuffled.size() * testShare);
            test.addAll(shuffled.subList(0, held));
            train.addAll(shuffled.subList(held, shuffled.size()));
        }
        return new Split(train, test);
    }
}
