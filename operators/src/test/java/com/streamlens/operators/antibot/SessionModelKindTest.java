package com.streamlens.operators.antibot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.streamlens.operators.churn.ChurnModelArtefact;
import com.streamlens.operators.churn.ChurnModelTest;
import com.streamlens.operators.churn.ChurnTrainer;
import com.streamlens.operators.rollout.ArtefactDigest;
import com.streamlens.operators.rollout.CandidateLoader;
import com.streamlens.operators.rollout.ModelScorer;
import com.streamlens.state.records.SessionCase;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The session model as a rolled-out kind: canary, the gate's reading at the model's threshold, another model's artefact refused. */
class SessionModelKindTest {
    @Test
    void aSessionModelPassesItsCanaryAndDecidesAtItsThreshold(@TempDir Path dir) throws Exception {
        boolean[] y = new boolean[400];
        List<float[]> x = SessionModelTest.rows(y, 4);
        var trained = AntibotTrainer.train(x, y, "s1", new AntibotTrainer.Config(0, 5, 64, 1e-2, 1e-4, 3, 0.01, 3), line -> {});
        Path saved = AntibotModelArtefact.save(dir, trained, AntibotTrainer.Config.defaults(), Map.of(), "abc");
        SessionModelKind kind = new SessionModelKind();
        try (ModelScorer<SessionCase, SessionModelKind.Score> m = CandidateLoader.load(kind, ArtefactDigest.ref("s1", saved, saved.toString()), null)) {
            List<SessionModelKind.Score> scores = m.score(kind.canary());
            assertThat(scores).hasSize(kind.canary().size());
            double threshold = trained.model().threshold();
            for (SessionModelKind.Score s : scores) {
                assertThat(m.gateScore(s)).isBetween(0.0, 1.0);
                assertThat(m.positive(s)).isEqualTo(s.probability() >= threshold);
                assertThat(s.model().version()).isEqualTo("s1");
            }
        }
        boolean[] churned = new boolean[300];
        var churn = ChurnTrainer.train(ChurnModelTest.rows(churned, 2), churned, "c1", ChurnTrainer.defaults(), line -> {});
        Path churnArtefact = ChurnModelArtefact.save(dir, churn, ChurnTrainer.defaults(), 90, Map.of(), "sha");
        assertThatThrownBy(() -> CandidateLoader.load(kind, ArtefactDigest.ref("c1", churnArtefact, churnArtefact.toString()), null))
                .hasMessageContaining("reads the features");
    }
}
