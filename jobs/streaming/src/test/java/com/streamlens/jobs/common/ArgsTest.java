package com.streamlens.jobs.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.flink.util.ParameterTool;
import org.junit.jupiter.api.Test;

class ArgsTest {
    private static ParameterTool args(String... a) {
        return ParameterTool.fromArgs(a);
    }

    @Test
    void flagsReadTrueFalseOrTheBareFlagAndRejectAnythingElse() {
        assertThat(Args.flag(args(), "words", false)).isFalse();
        assertThat(Args.flag(args(), "words", true)).isTrue();
        assertThat(Args.flag(args("--words"), "words", false)).isTrue();
        assertThat(Args.flag(args("--words", "--seed", "7"), "words", false)).isTrue();
        assertThat(Args.flag(args("--words", "TRUE"), "words", false)).isTrue();
        assertThat(Args.flag(args("--words", "false"), "words", true)).isFalse();
        assertThatThrownBy(() -> Args.flag(args("--words", "yes"), "words", false))
                .hasMessage("--words must be true or false, got 'yes'");
    }

    @Test
    void numbersAreRangeChecked() {
        assertThat(Args.intIn(args("--folds", "5"), "folds", 3, 2, 20)).isEqualTo(5);
        assertThatThrownBy(() -> Args.intIn(args("--folds", "1"), "folds", 3, 2, 20)).hasMessage("--folds must be in 2..20, got 1");
        assertThatThrownBy(() -> Args.doubleIn(args("--l2", "x"), "l2", 0, 0, 1)).hasMessage("--l2 must be a number, got 'x'");
    }
}
