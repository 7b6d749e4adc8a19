package com.streamlens.operators.mail.spam;

import com.streamlens.operators.stats.BinaryMetrics;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class LogisticBaselineTest {
    @Test
    void separatesAGeneratedCorpusAndDependsOnlyOnTheSeed() {
        List<LabeledMail> train = SpamTrainerTest.corpus(400, 1);
        List<LabeledMail> test = SpamTrainerTest.corpus(150, 2);
        List<String> texts = test.stream().map(LabeledMail::text).toList();
        double[] p = LogisticBaseline.train(train, 7).score(texts);
        assertThat(BinaryMetrics.auc(p, SpamTrainer.labels(test))).isGreaterThan(0.98);
        assertThat(BinaryMetrics.atThreshold(p, SpamTrainer.labels(test), 0.5).get("f1")).isGreaterThan(0.9);
        assertThat(LogisticBaseline.train(train, 7).score(texts)).containsExactly(p);
        assertThat(LogisticBaseline.train(train, 8).score(texts)).as("another seed, another SGD order").isNotEqualTo(p);
    }
}
