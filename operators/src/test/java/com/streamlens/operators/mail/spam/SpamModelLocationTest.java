package com.streamlens.operators.mail.spam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.streamlens.operators.io.StaticFileServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.commons.io.FileUtils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A model artefact given as a URL (served by a real HTTP server on loopback) or a file: URI loads as from its directory. */
class SpamModelLocationTest {
    @TempDir
    static Path models;
    static Path dir;
    static StaticFileServer http;
    static List<String> texts = SpamTrainerTest.corpus(40, 5).stream().map(LabeledMail::text).toList();

    @BeforeAll
    static void trainAndServe() throws Exception {
        SpamTrainer.Config cfg = new SpamTrainer.Config(1024, true, 16, 0.8, 1e-5, 5e-3, 3, 16, 3, 7);
        dir = SpamModelArtefact.save(models, "url-1", SpamTrainer.train(SpamTrainerTest.corpus(200, 1), cfg, line -> {}), Map.of(), "sha", cfg);
        http = new StaticFileServer(models);
    }

    @AfterAll
    static void stop() {
        http.close();
    }

    @Test
    void anHttpUrlAndAFileUriLoadTheModelOfTheDirectoryAndLeaveNoCopyBehind() throws IOException {
        SpamModelArtefact.Loaded local = SpamModelArtefact.load(dir.toString());
        long copiesBefore = temporaryCopies();
        for (String location : List.of(http.url(dir.getFileName().toString()), http.url(dir.getFileName() + "/"), dir.toUri().toString())) {
            SpamModelArtefact.Loaded remote = SpamModelArtefact.load(location);
            assertThat(remote.version()).as(location).isEqualTo("url-1");
            assertThat(remote.model().threshold()).as(location).isEqualTo(local.model().threshold());
            assertThat(remote.model().score(texts)).as(location).containsExactly(local.model().score(texts));
        }
        assertThat(temporaryCopies()).as("copies deleted after loading").isEqualTo(copiesBefore);
    }

    @Test
    void aUrlWithoutAModelAnErrorStatusNoServerOrAnUnknownSchemeIsAClearError() throws IOException {
        assertThatThrownBy(() -> SpamModelArtefact.load(http.url("nothing-here")))
                .hasMessageStartingWith("spam model at " + http.url("nothing-here") + ": ")
                .hasMessageContaining(http.url("nothing-here/meta.json") + " does not exist");
        assertThatThrownBy(() -> SpamModelArtefact.load(http.url("broken/m")))
                .hasMessageContaining("GET " + http.url("broken/m/meta.json") + " answered HTTP 500");
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        assertThatThrownBy(() -> SpamModelArtefact.load("http://127.0.0.1:" + closedPort + "/m"))
                .hasMessageContaining("cannot fetch http://127.0.0.1:" + closedPort + "/m/meta.json");
        // A scheme without a Flink file system (s3: without its plugin) names the scheme.
        assertThatThrownBy(() -> SpamModelArtefact.load("nofs://bucket/models/m"))
                .hasMessageStartingWith("spam model at nofs://bucket/models/m: ")
                .hasMessageContaining("scheme 'nofs'");
    }

    @Test
    void aUrlWhoseModelLacksItsWordTowerIsRefusedLikeADirectory(@TempDir Path other) throws IOException {
        Path copy = other.resolve("spam-model-half");
        FileUtils.copyDirectory(dir.toFile(), copy.toFile());
        Files.delete(copy.resolve(SpamModelArtefact.WORD_NETWORK));
        try (StaticFileServer server = new StaticFileServer(other)) {
            assertThatThrownBy(() -> SpamModelArtefact.load(server.url("spam-model-half")))
                    .hasMessageContaining("hashes words but lacks word-network.zip");
        }
    }

    private static long temporaryCopies() throws IOException {
        try (Stream<Path> s = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return s.filter(p -> p.getFileName().toString().startsWith("spam-model-")).count();
        }
    }
}
