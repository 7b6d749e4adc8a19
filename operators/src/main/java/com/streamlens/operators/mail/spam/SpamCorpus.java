package com.streamlens.operators.mail.spam;

import com.fasterxml.jackson.databind.JsonNode;
import com.streamlens.operators.io.BadInput;
import com.streamlens.operators.io.BadRows;
import com.streamlens.operators.io.JsonLines;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Labelled mail corpora: the SpamAssassin npm package's data/ folder, or JSONL of {"text", "label"}. */
public final class SpamCorpus {
    private SpamCorpus() {}

    /**
     * The npm package's data/ folder: one folder per group (easy-ham-1, spam-2, …) holding each message twice, raw
     * ({@code .txt}) and as JSON. The raw bytes are read: the JSON copies decoded them as UTF-8 and replaced every
     * 8-bit character of 500 messages (koi8-r, gb2312, Latin-1 mail) with U+FFFD; file_list.json is no message.
     */
    public static List<LabeledMail> readSpamAssassin(Path dataDir) throws Exception {
        List<Path> files;
        try (Stream<Path> s = Files.walk(dataDir)) {
            files = s.filter(f -> f.toString().endsWith(".txt") && !f.getParent().equals(dataDir)).sorted().toList();
        }
        if (files.isEmpty()) throw new IllegalArgumentException("no raw messages (GROUP/*.txt) under " + dataDir);
        List<LabeledMail> out = new ArrayList<>(files.size());
        long started = System.currentTimeMillis();
        for (int i = 0; i < files.size(); i++) {
            String group = files.get(i).getParent().getFileName().toString();
            // ISO-8859-1 maps each byte to one char, so MIME decoding later sees the message's own bytes.
            String raw = new String(Files.readAllBytes(files.get(i)), StandardCharsets.ISO_8859_1);
            out.add(new LabeledMail(MailText.fromRfc822(raw), group.startsWith("spam"), group));
            if ((i + 1) % 1000 == 0) System.out.printf("parsed %d/%d messages (%d ms)%n", i + 1, files.size(), System.currentTimeMillis() - started);
        }
        return out;
    }

    /** How a JSONL text is read: guessed per text (AUTO), or forced by {@code --text-format} or a line's {@code "format"}. */
    public enum TextFormat { AUTO, RFC822, PLAIN }

    /** Reads every line or stops at the first bad one, each text's format guessed. */
    public static List<LabeledMail> readJsonl(Path file) {
        return readJsonl(file, TextFormat.AUTO, new BadRows(false));
    }

    /**
     * JSONL of {@code {"text", "label": "spam"|"ham" (any case), "format"?: "rfc822"|"plain"}}, one message per line.
     * A bad line stops the read with a {@link BadInput} naming it, unless {@code badRows} skips it.
     */
    public static List<LabeledMail> readJsonl(Path file, TextFormat forced, BadRows badRows) {
        List<LabeledMail> out = JsonLines.read(file, badRows, (n, no) -> jsonlMail(file, no, n, forced));
        if (out.isEmpty()) throw BadInput.of(file, "no messages");
        return out;
    }

    private static LabeledMail jsonlMail(Path file, int no, JsonNode n, TextFormat forced) {
        if (!n.path("text").isTextual()) throw BadInput.at(file, no, "field \"text\" is missing or not a string");
        String label = n.path("label").asText("").toLowerCase(Locale.ROOT);
        if (!label.equals("spam") && !label.equals("ham")) {
            throw BadInput.at(file, no, "label must be \"spam\" or \"ham\", got " + n.path("label"));
        }
        TextFormat format = forced;
        if (format == TextFormat.AUTO && n.has("format")) {
            String f = n.path("format").asText("");
            if (f.equals("rfc822")) format = TextFormat.RFC822;
            else if (f.equals("plain")) format = TextFormat.PLAIN;
            else throw BadInput.at(file, no, "format must be \"rfc822\" or \"plain\", got " + n.path("format"));
        }
        String text = n.path("text").asText();
        if (format == TextFormat.AUTO) format = isRfc822(text) ? TextFormat.RFC822 : TextFormat.PLAIN;
        return new LabeledMail(format == TextFormat.RFC822 ? MailText.fromRfc822(text) : plain(text), label.equals("spam"), "jsonl");
    }

    /**
     * Validated feedback as training letters: JSONL of the {@code spam-feedback} topic's records (a dump of it, one record
     * per line). Rows without a label (unsubscribes) or text are left out; a letter clicked by several users takes the
     * majority label, and a tie is dropped (careless clicks cancel out). A line that is no such record stops the read
     * with its number, unless {@code badRows} skips it.
     */
    public static List<LabeledMail> readFeedback(Path file, BadRows badRows) {
        java.util.Map<String, int[]> votes = new java.util.LinkedHashMap<>(); // text → {spam, ham}
        JsonLines.read(file, badRows, (n, no) -> {
            if (!n.has("mail_id")) throw BadInput.at(file, no, "not a spam-feedback record (no mail_id)");
            if (n.path("label").isNull() || n.path("label").isMissingNode()) return null; // an unsubscribe says nothing about spam
            String label = n.path("label").asText("");
            if (!label.equals("spam") && !label.equals("ham")) throw BadInput.at(file, no, "label must be \"spam\" or \"ham\", got " + n.path("label"));
            if (!n.path("subject").isTextual() && !n.path("body").isTextual()) return null; // its text had expired
            String text = MailText.of(n.path("subject").asText(null), n.path("body").asText(null));
            votes.computeIfAbsent(text, t -> new int[2])[label.equals("spam") ? 0 : 1]++;
            return null;
        });
        List<LabeledMail> out = new ArrayList<>();
        votes.forEach((text, v) -> {
            if (v[0] != v[1]) out.add(new LabeledMail(text, v[0] > v[1], "feedback"));
        });
        return out;
    }

    /** Raw RFC-822 only if the text starts with a header block (an mbox "From " line allowed first) that ends in a blank line. */
    public static boolean isRfc822(String text) {
        String[] lines = text.split("\r?\n", -1);
        int i = lines.length > 0 && lines[0].startsWith("From ") ? 1 : 0;
        int headers = 0;
        for (; i < lines.length; i++) {
            String l = lines[i];
            if (l.isEmpty()) return headers > 0;
            if (HEADER.matcher(l).matches()) headers++;
            else if (headers == 0 || !(l.startsWith(" ") || l.startsWith("\t"))) return false; // a continuation needs a header before it
        }
        return false;
    }

    private static final Pattern HEADER = Pattern.compile("[!-9;-~]+:.*");

    /** A plain text: a leading {@code Subject:} line is the subject, the rest the body. */
    static String plain(String text) {
        if (!text.startsWith("Subject:")) return MailText.of(null, text);
        int end = text.indexOf('\n');
        String subject = (end < 0 ? text.substring(8) : text.substring(8, end)).strip();
        return MailText.of(subject, end < 0 ? "" : text.substring(end + 1));
    }

    /**
     * Refuses a corpus no training could learn from, before training: fewer than {@code minPerClass} messages of a class
     * after de-duplication, or a de-duplication (copies, letters filed under both labels) that removed more than half (two of the removed shown).
     */
    public static void requireTrainable(String source, List<LabeledMail> read, List<LabeledMail> kept, int minPerClass) {
        if (kept.size() * 2 < read.size()) {
            Set<LabeledMail> remaining = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
            remaining.addAll(kept);
            List<String> examples = read.stream().filter(m -> !remaining.contains(m)).limit(2)
                    .map(m -> "\"" + abbreviate(m.text()) + "\"").toList();
            throw new BadInput(source + ": de-duplication removed " + (read.size() - kept.size()) + " of " + read.size()
                    + " messages (more than half: are the bodies empty or the texts in another format? see --text-format); removed e.g. "
                    + String.join(", ", examples));
        }
        long spam = kept.stream().filter(LabeledMail::spam).count(), ham = kept.size() - spam;
        if (spam < minPerClass || ham < minPerClass) {
            throw new BadInput(source + ": " + spam + " spam and " + ham + " ham messages after de-duplication; at least "
                    + minPerClass + " of each are needed");
        }
    }

    private static String abbreviate(String text) {
        String flat = text.replaceAll("\\s+", " ").strip();
        return flat.length() <= 60 ? flat : flat.substring(0, 60) + "…";
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

}
