package com.streamlens.operators.antibot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.streamlens.operators.io.BadInput;
import com.streamlens.state.records.BotVerdict;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The session model's trainer, its artefact round trip, and the noisy-OR verdict rule. */
public class SessionModelTest {
    /** Humans send beacons and run scripts; bots mostly do not; both noisy, so the classes overlap a little. */
    public static List<float[]> rows(boolean[] bot, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        List<float[]> x = new ArrayList<>();
        for (int i = 0; i < bot.length; i++) {
            bot[i] = i % 3 == 0;
            float[] r = new float[SessionFeatures.NAMES.size()];
            for (int j = 0; j < SessionFeatures.SIGNALS_AT; j++) r[j] = (float) rnd.nextGaussian();
            r[SessionFeatures.BEACON_SHARE] = (float) ((bot[i] ? 0.1 : 0.9) + 0.3 * rnd.nextGaussian());
            r[SessionFeatures.SCRIPT_SHARE] = (float) ((bot[i] ? 0.2 : 0.9) + 0.3 * rnd.nextGaussian());
            x.add(r);
        }
        return x;
    }

    @Test
    void learnsSeparableSessionsSavesAndLoadsTheSameModel(@TempDir Path dir) throws Exception {
        boolean[] y = new boolean[1200];
        List<float[]> x = rows(y, 1);
        var cfg = AntibotTrainer.Config.defaults().withHidden(0);
        var trained = AntibotTrainer.train(x, y, "t1", new AntibotTrainer.Config(0, 15, 64, 1e-2, 1e-4, 3, 0.01, 3), line -> {});
        assertThat(trained.crossValidatedAuc()).isGreaterThan(0.97);
        assertThat(trained.model().threshold()).isBetween(0.5, 1.0);
        Path saved = AntibotModelArtefact.save(dir, trained, cfg, Map.of("validation_auc", trained.crossValidatedAuc()), "abc");
        SessionModel loaded = AntibotModelArtefact.load(saved);
        assertThat(loaded.version()).isEqualTo("t1");
        assertThat(loaded.threshold()).isEqualTo(trained.model().threshold());
        double[] a = trained.model().score(x.subList(0, 20));
        double[] b = loaded.score(x.subList(0, 20));
        for (int i = 0; i < a.length; i++) assertThat(b[i]).isCloseTo(a[i], org.assertj.core.data.Offset.offset(1e-6));
    }

    @Test
    void refusesOneClassAndArtefactsOfAnotherFeatureSet(@TempDir Path dir) throws Exception {
        boolean[] y = new boolean[50];
        List<float[]> x = rows(y, 2);
        java.util.Arrays.fill(y, false);
        assertThatThrownBy(() -> AntibotTrainer.train(x, y, "t", AntibotTrainer.Config.defaults(), line -> {}))
                .isInstanceOf(BadInput.class).hasMessageContaining("only humans");

        boolean[] y2 = new boolean[300];
        var trained = AntibotTrainer.train(rows(y2, 3), y2, "t2", new AntibotTrainer.Config(8, 2, 64, 1e-2, 1e-4, 3, 0.01, 3), line -> {});
        Path saved = AntibotModelArtefact.save(dir, trained, AntibotTrainer.Config.defaults(), Map.of(), "abc");
        Path meta = saved.resolve(com.streamlens.operators.nd4j.TabularArtefact.META);
        Files.writeString(meta, Files.readString(meta).replace("\"log_events\"", "\"log_clicks\""));
        assertThatThrownBy(() -> AntibotModelArtefact.load(saved)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("retrain");
        assertThatThrownBy(() -> AntibotModelArtefact.load(dir.resolve("missing"))).hasMessageContaining("must hold meta.json");
    }

    @Test
    void noisyOrLetsAnyStrongPatternDecideAndNamesReasons(@TempDir Path dir) {
        boolean[] y = new boolean[300];
        List<float[]> x = rows(y, 4);
        var model = AntibotTrainer.train(x, y, "t3", new AntibotTrainer.Config(0, 5, 64, 1e-2, 1e-4, 3, 0.01, 3), line -> {}).model();
        var rule = new VerdictRule(AntibotSettings.PatternWeights.defaults());
        float[] quiet = x.get(1).clone();
        BotVerdict v = new BotVerdict();
        rule.decide(v, quiet, 0.1, model);
        double p = VerdictRule.atThreshold(0.1, model.threshold());
        assertThat(p).isLessThan(0.1); // the threshold is above ½, so the moved probability is lower
        assertThat(v.score).isCloseTo(p, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(v.verdict).isEqualTo(BotVerdict.HUMAN);
        assertThat(VerdictRule.atThreshold(model.threshold(), model.threshold())).isCloseTo(0.5, org.assertj.core.data.Offset.offset(1e-9));
        float[] burst = quiet.clone();
        SessionFeatures.setSignals(burst, new int[] {2, 0, 0});
        BotVerdict w = new BotVerdict();
        rule.decide(w, burst, 0.1, model);
        assertThat(w.score).isCloseTo(1 - (1 - p) * (1 - 0.9), org.assertj.core.data.Offset.offset(1e-12)); // 1 − (1 − p̃)(1 − w)
        assertThat(w.signalScore).isCloseTo(0.9, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(w.verdict).isEqualTo(BotVerdict.BOT);
        assertThat(w.reasons).startsWith("pageview-burst").hasSize(3);
        assertThat(w.modelVersion).isEqualTo("t3");
    }
}
