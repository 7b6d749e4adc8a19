package com.streamlens.operators.churn;

import static org.assertj.core.api.Assertions.assertThat;

import com.streamlens.operators.rollout.ArtefactDigest;
import com.streamlens.operators.rollout.CandidateLoader;
import com.streamlens.operators.rollout.ModelScorer;
import com.streamlens.state.records.ChurnCase;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The churn model as a rolled-out kind: canary, explanations kept, positive at ½. */
class ChurnModelKindTest {
    @Test
    void aChurnModelPassesItsCanaryAndKeepsItsReasons(@TempDir Path dir) throws Exception {
        boolean[] churned = new boolean[300];
        List<float[]> x = ChurnModelTest.rows(churned, 3);
        ChurnModel m = ChurnTrainer.train(x, churned, "c7", ChurnTrainer.defaults(), line -> {});
        Path saved = ChurnModelArtefact.save(dir, m, ChurnTrainer.defaults(), 90, Map.of(), "sha");
        ChurnModelKind kind = new ChurnModelKind();
        try (ModelScorer<ChurnCase, ChurnModel.Explained> loaded = CandidateLoader.load(kind, ArtefactDigest.ref("c7", saved, saved.toUri().toString()), null)) {
            List<ChurnCase> cases = x.subList(0, 20).stream().map(f -> new ChurnCase("u", "s", 0, "daily", f)).toList();
            List<ChurnModel.Explained> out = loaded.score(cases);
            double[] reference = m.probabilities(x.subList(0, 20));
            for (int i = 0; i < out.size(); i++) {
                assertThat(out.get(i).probability()).isCloseTo(reference[i], org.assertj.core.data.Offset.offset(1e-6));
                assertThat(out.get(i).top()).hasSize(ScoreChurn.TOP_FEATURES);
                assertThat(loaded.positive(out.get(i))).isEqualTo(reference[i] >= 0.5);
            }
        }
    }
}
