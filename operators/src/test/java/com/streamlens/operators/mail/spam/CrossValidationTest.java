package com.streamlens.operators.mail.spam;

import com.streamlens.operators.stats.BinaryMetrics;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CrossValidationTest {
    @Test
    void eachFoldIsJudgedAtTheThresholdItsOtherFoldsPick() {
        // Fold 0's spam scores 0.3 and its ham 0.2: at its own best threshold it would be perfect, but folds 1 and 2 (spam 0.8,
        // ham 0.1) pick a threshold in the broad plateau between 0.1 and 0.8, where fold 0's spam is missed or its ham caught.
        boolean[] y = new boolean[30];
        int[] fold = new int[30];
        double[] s = new double[30];
        for (int i = 0; i < 30; i++) {
            fold[i] = i / 10;
            y[i] = i % 2 == 0;
            s[i] = fold[i] == 0 ? (y[i] ? 0.3 : 0.2) : (y[i] ? 0.8 : 0.1);
        }
        List<Map<String, Double>> perFold = new CrossValidation(y, fold, s, 3).perFold();
        assertThat(perFold).hasSize(3);
        double t0 = perFold.get(0).get("threshold");
        assertThat(t0).isEqualTo(BinaryMetrics.bestF1Threshold(java.util.Arrays.copyOfRange(s, 10, 30), java.util.Arrays.copyOfRange(y, 10, 30)));
        assertThat(perFold.get(0).get("f1")).isEqualTo(BinaryMetrics.atThreshold(java.util.Arrays.copyOfRange(s, 0, 10),
                java.util.Arrays.copyOfRange(y, 0, 10), t0).get("f1"));
        assertThat(perFold.get(0).get("f1")).as("not its own optimum, which is 1").isLessThan(1.0);
        assertThat(perFold.get(0).get("auc")).isEqualTo(1.0, within(1e-12)); // ranking within the fold is perfect
        assertThat(perFold.get(1).get("f1")).isEqualTo(1.0);
    }
}
