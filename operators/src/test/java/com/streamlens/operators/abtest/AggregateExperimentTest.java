package com.streamlens.operators.abtest;

import static org.assertj.core.api.Assertions.assertThat;

import com.streamlens.state.records.AbMetric;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class AggregateExperimentTest {
    static double[] values(double conversion, double revenue) {
        double[] v = new double[AbMetric.values().length];
        v[AbMetric.CONVERSION.ordinal()] = conversion;
        v[AbMetric.REVENUE.ordinal()] = revenue;
        v[AbMetric.SESSIONS.ordinal()] = 1;
        return v;
    }

    @Test
    void emitsStatisticsOnAProcessingTimeTimerAndReplacesChangedUsers() throws Exception {
        var h = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new AggregateExperiment(new ExperimentReport("control", 0.05, 1.0), 10_000)),
                (AbUserChange c) -> c.experiment, Types.STRING);
        h.setStateBackend(new EmbeddedRocksDBStateBackend());
        h.open();
        h.setProcessingTime(0);
        for (int i = 0; i < 10; i++) {
            h.processElement(new AbUserChange("exp", "control", null, values(0, 0), 0, false), 0);
            h.processElement(new AbUserChange("exp", "treatment", null, values(0, 0), 0, false), 0);
        }
        // Three treatment users convert later: their vectors are replaced, not added again.
        for (int i = 0; i < 3; i++) {
            h.processElement(new AbUserChange("exp", "treatment", values(0, 0), values(1, 10), 0, false), 0);
        }
        h.processElement(new AbUserChange("exp", "treatment", values(1, 10), values(1, 10), 0, true), 0);
        assertThat(h.numProcessingTimeTimers()).as("one pending emission").isEqualTo(1);
        assertThat(h.extractOutputValues()).isEmpty();

        h.setProcessingTime(10_000);
        List<AbStat> rows = h.extractOutputValues();
        assertThat(rows).hasSize(2 * (AbMetric.values().length + 1));
        AbStat conv = rows.stream().filter(r -> r.variant.equals("treatment") && r.metric.equals("conversion")).findFirst().orElseThrow();
        assertThat(conv.users).isEqualTo(10);
        assertThat(conv.mean).isEqualTo(0.3);
        assertThat(conv.sum).isCloseTo(3.0, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(rows.stream().filter(r -> r.variant.equals("treatment") && r.metric.equals("revenue")).findFirst().orElseThrow()
                .sumSquares).as("3 users with revenue 10").isCloseTo(300.0, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(conv.controlMean).isEqualTo(0.0);
        assertThat(conv.diff).isEqualTo(0.3);
        assertThat(conv.multipleExposureRate).isEqualTo(0.1);
        assertThat(conv.srm).isFalse();
        AbStat controlRow = rows.stream().filter(r -> r.variant.equals("control") && r.metric.equals("revenue")).findFirst().orElseThrow();
        assertThat(controlRow.diff).as("no comparison on the control row").isNull();
        assertThat(h.numProcessingTimeTimers()).isZero();
        h.close();
    }
}
