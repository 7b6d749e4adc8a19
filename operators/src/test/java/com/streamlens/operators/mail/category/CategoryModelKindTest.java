package com.streamlens.operators.mail.category;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.streamlens.operators.mail.MailboxInput;
import com.streamlens.operators.rollout.ArtefactDigest;
import com.streamlens.operators.rollout.CandidateLoader;
import com.streamlens.operators.rollout.ModelScorer;
import com.streamlens.state.records.MailVerdict;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The category model as a rolled-out kind: what the gate reads of it, its canary, and a candidate with other classes refused. */
class CategoryModelKindTest {
    @TempDir
    static Path dir;
    static Path threeClasses;
    static Path twoClasses;

    @BeforeAll
    static void train() throws Exception {
        threeClasses = CategoryModelArtefact.save(dir, "c3", CategoryTrainer.train(CategoryModelTest.corpus(20, 4), CategoryModelTest.CLASSES,
                CategoryModelTest.SMALL, line -> { }), CategoryModelTest.SMALL, Map.of(), "sha", "test");
        List<String> two = List.of("personal", "bulk");
        List<CategoryExample> twoClassCorpus = CategoryModelTest.corpus(20, 5).stream().filter(e -> two.contains(e.label())).toList();
        twoClasses = CategoryModelArtefact.save(dir, "c2", CategoryTrainer.train(twoClassCorpus, two, CategoryModelTest.SMALL, line -> { }),
                CategoryModelTest.SMALL, Map.of(), "sha", "test");
    }

    @Test
    void scoresOnlyHamAndReadsAsTheProbabilityOfRobotMail() {
        CategoryModelKind kind = new CategoryModelKind();
        try (ModelScorer<MailboxInput, CategoryModelKind.Category> m = kind.openServing(threeClasses.toString())) {
            List<MailboxInput> batch = new ArrayList<>(kind.canary());
            MailboxInput spam = kind.canary().get(0);
            spam.verdict.modelVerdict = MailVerdict.SPAM;
            batch.add(spam);
            List<CategoryModelKind.Category> out = m.score(batch);
            assertThat(out.get(out.size() - 1)).as("spam is left unscored").isNull();
            for (CategoryModelKind.Category c : out.subList(0, out.size() - 1)) {
                assertThat(m.gateScore(c)).isCloseTo(1 - c.firstClassProbability(), org.assertj.core.data.Offset.offset(1e-12)).isBetween(0.0, 1.0);
                assertThat(m.positive(c)).isEqualTo(!c.name().equals("personal"));
            }
        }
    }

    @Test
    void aCandidateWithOtherClassesIsRefusedAndOneWithTheSameLoads() {
        CategoryModelKind kind = new CategoryModelKind();
        try (var serving = kind.openServing(threeClasses.toString())) {
            assertThatThrownBy(() -> CandidateLoader.load(kind, ArtefactDigest.ref("c2", twoClasses, twoClasses.toString()), serving))
                    .hasMessageContaining("incompatible with the serving model c3").hasMessageContaining("classes [personal, bulk]");
            try (var same = CandidateLoader.load(kind, ArtefactDigest.ref("c3", threeClasses, threeClasses.toUri().toString()), serving)) {
                assertThat(same.version()).isEqualTo("c3");
            }
            assertThatThrownBy(() -> CandidateLoader.load(kind, ArtefactDigest.ref("c9", threeClasses, threeClasses.toString()), serving))
                    .hasMessageContaining("the artefact is version c3, the release says c9");
        }
    }
}
