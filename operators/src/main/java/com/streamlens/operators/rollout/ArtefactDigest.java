package com.streamlens.operators.rollout;

import com.streamlens.state.records.ModelRef;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * SHA-256 digests of a model artefact directory: one per file, and one of the manifest (the lines
 * "{sha256}  {name}\n" sorted by name, as sha256sum prints them), so that a release pins every byte the loader reads.
 */
public final class ArtefactDigest {
    private ArtefactDigest() {}

    /** Every regular, non-hidden file directly in {@code dir}, name → sha256, sorted by name. */
    public static Map<String, String> files(Path dir) {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> entries = Files.list(dir)) {
            for (Path f : entries.sorted().toList()) {
                String name = f.getFileName().toString();
                if (Files.isRegularFile(f) && !name.startsWith(".")) out.put(name, sha256(f));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the artefact directory " + dir, e);
        }
        if (out.isEmpty()) throw new IllegalArgumentException("artefact directory " + dir + " holds no files");
        return out;
    }

    public static String manifest(Map<String, String> files) {
        StringBuilder lines = new StringBuilder();
        new TreeMap<>(files).forEach((name, sha) -> lines.append(sha).append("  ").append(name).append('\n'));
        return hex(digest().digest(lines.toString().getBytes(StandardCharsets.UTF_8)));
    }

    /** A reference to the artefact in {@code dir}, fetched by the jobs from {@code uri}. */
    public static ModelRef ref(String version, Path dir, String uri) {
        Map<String, String> files = files(dir);
        return ModelRef.of(version, uri, manifest(files), files);
    }

    /** Checks the files in {@code dir} against the reference's digests; a mismatch names the file. */
    public static void verify(Path dir, ModelRef ref) {
        if (!manifest(ref.files).equals(ref.sha256)) {
            throw new IllegalArgumentException("the release's sha256 " + ref.sha256 + " is not the digest of its file list (a tampered or hand-edited release)");
        }
        for (Map.Entry<String, String> f : new TreeMap<>(ref.files).entrySet()) {
            Path file = dir.resolve(f.getKey());
            if (!Files.isRegularFile(file)) throw new IllegalArgumentException(f.getKey() + " is missing");
            String actual = sha256(file);
            if (!actual.equals(f.getValue())) {
                throw new IllegalArgumentException(f.getKey() + " has sha256 " + actual + ", the release says " + f.getValue() + " (corrupt or replaced artefact)");
            }
        }
    }

    public static String sha256(Path file) {
        MessageDigest md = digest();
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buffer)) > 0; ) md.update(buffer, 0, n);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        return hex(md.digest());
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
