package com.streamlens.operators.mail.spam;

import com.fasterxml.jackson.databind.JsonNode;
import com.streamlens.state.serde.Json;
import java.io.BufferedReader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
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

    public static List<LabeledMail> readJsonl(Path file) throws Exception {
        List<LabeledMail> out = new ArrayList<>();
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int no = 0;
            while ((line = r.readLine()) != null) {
                no++;
                if (line.isBlank()) continue;
                JsonNode n = Json.MAPPER.readTree(line);
                String label = n.path("label").asText();
                if (!label.equals("spam") && !label.equals("ham")) {
                    throw new IllegalArgumentException(file + ":" + no + ": label must be \"spam\" or \"ham\", got '" + label + "'");
                }
                String text = n.path("text").asText();
                // Raw RFC-822 gets its headers stripped like the corpus; plain text is used as is.
                boolean raw = text.startsWith("From ") || text.contains("\nSubject:") || text.startsWith("Subject:");
                out.add(new LabeledMail(raw ? MailText.fromRfc822(text) : MailText.of(null, text), label.equals("spam"), "jsonl"));
            }
        }
        return out;
    }

    /**
     * Drops every message whose body (SHA-256 of the decoded body text) came earlier in the list, so a letter resent
     * under another subject cannot sit on both sides of a split; the first one stays, with its label.
     */
    public static List<LabeledMail> dedupe(List<LabeledMail> mails) {
        MessageDigest sha = sha256();
        Set<ByteBuffer> seen = new HashSet<>();
        List<LabeledMail> out = new ArrayList<>();
        for (LabeledMail m : mails) {
            if (seen.add(ByteBuffer.wrap(sha.digest(MailText.body(m.text()).getBytes(StandardCharsets.UTF_8))))) out.add(m);
        }
        return out;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

}
