package com.streamlens.operators.io;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.flink.core.fs.FileSystem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies the named files of a remote folder into a local one, so that artefacts (models) can be given to a job as
 * a URL every TaskManager reaches instead of a path that must exist on each of them. http(s) is fetched with the
 * JDK's client; any other scheme goes through Flink's file systems (file:, and s3:, hdfs:, gs:, … where the
 * cluster has the plugin).
 */
public final class RemoteFiles {
    private static final Logger LOG = LoggerFactory.getLogger(RemoteFiles.class);
    /** A URI scheme of two or more characters: one letter would be a Windows drive. */
    private static final Pattern SCHEME = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]+:.*");
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration REQUEST_TIMEOUT = Duration.ofMinutes(2);

    private RemoteFiles() {}

    /** Whether {@code location} names a URI (scheme:…) rather than a local path. */
    public static boolean isUri(String location) {
        return SCHEME.matcher(location).matches();
    }

    /**
     * Loads a model directory named by {@code location}: a local path is loaded in place; a URI's files are copied into
     * a temporary directory, loaded, and the copy deleted (the model is in memory by then). A failure names the location.
     */
    public static <T> T loadDirectory(String location, String what, List<String> required, List<String> optional,
                                      java.util.function.Function<Path, T> load) {
        if (!isUri(location)) return load.apply(Path.of(location));
        Path local = null;
        try {
            local = Files.createTempDirectory(what.replace(' ', '-') + "-");
            copy(URI.create(location), required, optional, local);
            return load.apply(local);
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException(what + " at " + location + ": " + e.getMessage(), e);
        } finally {
            if (local != null) org.apache.commons.io.FileUtils.deleteQuietly(local.toFile());
        }
    }

    /**
     * Copies {@code required} and, where they exist, {@code optional} files of the folder {@code folder} into
     * {@code into}; a missing required file or an unreachable server is an {@link IOException} naming the file's URI.
     */
    public static void copy(URI folder, List<String> required, List<String> optional, Path into) throws IOException {
        String base = folder.toString().endsWith("/") ? folder.toString() : folder + "/";
        boolean http = "http".equalsIgnoreCase(folder.getScheme()) || "https".equalsIgnoreCase(folder.getScheme());
        HttpClient client = http ? HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).followRedirects(HttpClient.Redirect.NORMAL).build() : null;
        for (String name : required) fetch(client, URI.create(base + name), into.resolve(name), true);
        for (String name : optional) fetch(client, URI.create(base + name), into.resolve(name), false);
    }

    private static void fetch(HttpClient http, URI file, Path target, boolean required) throws IOException {
        long started = System.nanoTime();
        boolean found = http != null ? fetchHttp(http, file, target) : fetchFlink(file, target);
        if (!found) {
            if (required) throw new IOException(file + " does not exist");
            return;
        }
        LOG.info("fetched {} ({} bytes, {} ms)", file, Files.size(target), (System.nanoTime() - started) / 1_000_000);
    }

    private static boolean fetchHttp(HttpClient http, URI file, Path target) throws IOException {
        HttpRequest get = HttpRequest.newBuilder(file).timeout(REQUEST_TIMEOUT).GET().build();
        HttpResponse<InputStream> response;
        try {
            response = http.send(get, HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while fetching " + file, e);
        } catch (IOException e) {
            throw new IOException("cannot fetch " + file + ": " + e, e);
        }
        try (InputStream body = response.body()) {
            if (response.statusCode() == 404) return false;
            if (response.statusCode() != 200) throw new IOException("GET " + file + " answered HTTP " + response.statusCode());
            Files.copy(body, target, StandardCopyOption.REPLACE_EXISTING);
            return true;
        }
    }

    private static boolean fetchFlink(URI file, Path target) throws IOException {
        org.apache.flink.core.fs.Path path = new org.apache.flink.core.fs.Path(file);
        FileSystem fs = path.getFileSystem();
        if (!fs.exists(path)) return false;
        try (InputStream in = fs.open(path)) {
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
            return true;
        }
    }
}
