package com.streamlens.state.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.streamlens.state.records.ModelRelease;
import com.streamlens.state.records.ModelRollout;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ModelReleaseParserTest {
    static final String SHA = "c".repeat(64);

    static byte[] release(String plan, String control, String sha) {
        return ("{\"name\":\"spam\",\"model\":{\"version\":\"v2\",\"uri\":\"file:///m/v2\",\"sha256\":\"" + sha + "\","
                + "\"files\":{\"meta.json\":\"" + SHA + "\",\"network.zip\":\"" + SHA + "\"}},"
                + (plan == null ? "" : "\"plan\":" + plan + ",") + "\"control\":\"" + control + "\",\"issued_at\":1765000000000}")
                .getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aReleaseWithoutAPlanGetsTheDefaultsAndAPartialPlanKeepsTheRest() throws Exception {
        ModelRelease r = new ModelReleaseParser().parse(release(null, "publish", SHA));
        assertThat(r.plan.stages).containsExactly(5, 30, 50, 100);
        assertThat(r.plan.jsMax).isEqualTo(0.1);
        assertThat(r.model.files).containsOnlyKeys("meta.json", "network.zip");
        ModelRelease quick = new ModelReleaseParser().parse(release("{\"stages\":[10,100],\"min_events\":50}", "pause", SHA));
        assertThat(quick.plan.stages).containsExactly(10, 100);
        assertThat(quick.plan.minEvents).isEqualTo(50);
        assertThat(quick.plan.psiMax).isEqualTo(0.25);
        assertThat(quick.control).isEqualTo(ModelRelease.PAUSE);
    }

    @Test
    void aReleaseTheJudgeCannotActOnIsRefusedWithTheReason() {
        ModelReleaseParser p = new ModelReleaseParser();
        assertThatThrownBy(() -> p.parse(release("{\"stages\":[30,5,100]}", "publish", SHA))).hasMessageContaining("rising within 1..100");
        assertThatThrownBy(() -> p.parse(release("{\"stages\":[5,50]}", "publish", SHA))).hasMessageContaining("the last stage must be 100");
        assertThatThrownBy(() -> p.parse(release("{\"js_max\":2}", "publish", SHA))).hasMessageContaining("plan.js_max");
        assertThatThrownBy(() -> p.parse(release(null, "rollback", SHA))).hasMessageContaining("'control': rollback");
        assertThatThrownBy(() -> p.parse(release(null, "publish", "xyz"))).hasMessageContaining("model.sha256");
        assertThatThrownBy(() -> p.parse(("{\"name\":\"spam\",\"model\":{\"version\":\"v2\",\"uri\":\"u\",\"sha256\":\"" + SHA
                + "\",\"files\":{\"../etc/passwd\":\"" + SHA + "\"}},\"control\":\"publish\",\"issued_at\":1}").getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("invalid file name");
    }

    @Test
    void rolloutRecordsNeedANameASeqAndACandidateUriWhileActive() throws Exception {
        ModelRolloutParser p = new ModelRolloutParser();
        ModelRollout r = p.parse("{\"name\":\"spam\",\"seq\":3,\"state\":\"rolling\",\"stage_percent\":30,\"candidate\":{\"version\":\"v2\",\"uri\":\"/m\"}}"
                .getBytes(StandardCharsets.UTF_8));
        assertThat(r.candidateActive()).isTrue();
        assertThatThrownBy(() -> p.parse("{\"name\":\"spam\",\"state\":\"rolling\"}".getBytes(StandardCharsets.UTF_8))).hasMessageContaining("seq");
        assertThatThrownBy(() -> p.parse("{\"name\":\"spam\",\"seq\":1,\"state\":\"rolling\",\"candidate\":{\"version\":\"v2\"}}"
                .getBytes(StandardCharsets.UTF_8))).hasMessageContaining("candidate.uri");
    }
}
