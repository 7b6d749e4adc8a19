package com.streamlens.tools.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SubmissionTest {
    @TempDir
    Path dir;

    @Test
    void readsTheLastSubmissionOfAJobAsRunLocalRecordsIt() throws Exception {
        Path tsv = dir.resolve("submitted-jobs.tsv");
        Files.writeString(tsv, """
                com.streamlens.jobs.geo.GeoActivityJob\t"--kafka","127.0.0.1:9092"\t2
                com.streamlens.jobs.ab.AbStatsJob\t"--kafka","127.0.0.1:9092"\t2
                com.streamlens.jobs.geo.GeoActivityJob\t"--kafka","127.0.0.1:9092","--redis","redis://h:1"\t3
                """);
        Submission s = Submission.lastOf(tsv, "com.streamlens.jobs.geo.GeoActivityJob");
        assertThat(s.args()).containsExactly("--kafka", "127.0.0.1:9092", "--redis", "redis://h:1");
        assertThat(s.parallelism()).isEqualTo(3);
        assertThatThrownBy(() -> Submission.lastOf(tsv, "com.streamlens.jobs.churn.ChurnJob"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no submission of com.streamlens.jobs.churn.ChurnJob");
        assertThatThrownBy(() -> Submission.lastOf(dir.resolve("missing.tsv"), "x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("scripts/run-local");
    }
}
