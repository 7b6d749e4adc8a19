package com.streamlens.operators.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.streamlens.state.records.ModelRef;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArtefactDigestTest {
    @TempDir
    Path dir;

    @Test
    void aReferencePinsEveryFileAndCatchesAChangedOne() throws Exception {
        Files.writeString(dir.resolve("meta.json"), "{\"version\":\"v1\"}");
        Files.write(dir.resolve("network.zip"), new byte[] {1, 2, 3});
        Files.writeString(dir.resolve(".hidden"), "ignored");
        ModelRef ref = ArtefactDigest.ref("v1", dir, dir.toString());
        assertThat(ref.files).containsOnlyKeys("meta.json", "network.zip");
        // sha256("abc") is well known; a 3-byte file of 1,2,3 is not, so check one against the JDK's own digest by hand.
        Files.writeString(dir.resolve("abc"), "abc");
        assertThat(ArtefactDigest.sha256(dir.resolve("abc"))).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        ArtefactDigest.verify(dir, ref);

        Files.write(dir.resolve("network.zip"), new byte[] {1, 2, 4});
        assertThatThrownBy(() -> ArtefactDigest.verify(dir, ref)).hasMessageContaining("network.zip has sha256").hasMessageContaining("corrupt or replaced");
        Files.delete(dir.resolve("network.zip"));
        assertThatThrownBy(() -> ArtefactDigest.verify(dir, ref)).hasMessageContaining("network.zip is missing");
        ModelRef tampered = ModelRef.of("v1", dir.toString(), "0".repeat(64), ref.files);
        assertThatThrownBy(() -> ArtefactDigest.verify(dir, tampered)).hasMessageContaining("not the digest of its file list");
    }
}
