package com.streamlens.operators.stats;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TrimmedMedianTest {
    @Test
    void dropsTheSlowestFifthThenTakesTheMedian() {
        // 10 timings: drop the 2 slowest (9000, 8000), median of the 8 left = (400 + 500) / 2.
        int[] t = {9000, 100, 200, 300, 400, 500, 600, 700, 800, 8000};
        assertThat(TrimmedMedian.ofSlowestTrimmed(t, t.length, 0.2)).isEqualTo(450.0);
    }

    @Test
    void oddKeptCountTakesTheMiddleAndSmallInputsKeepOne() {
        int[] five = {50, 10, 40, 20, 30}; // drop 1 (50), keep 4: (20+30)/2
        assertThat(TrimmedMedian.ofSlowestTrimmed(five, 5, 0.2)).isEqualTo(25.0);
        int[] seven = {70, 10, 20, 30, 40, 50, 60}; // drop floor(1.4)=1, keep 6: (30+40)/2
        assertThat(TrimmedMedian.ofSlowestTrimmed(seven, 7, 0.2)).isEqualTo(35.0);
        int[] three = {300, 100, 200}; // drop 0, keep 3: 200
        assertThat(TrimmedMedian.ofSlowestTrimmed(three, 3, 0.2)).isEqualTo(200.0);
        assertThat(TrimmedMedian.ofSlowestTrimmed(new int[] {7}, 1, 0.2)).isEqualTo(7.0);
        assertThat(TrimmedMedian.ofSlowestTrimmed(new int[0], 0, 0.2)).isNaN();
    }

    @Test
    void onlyTheFirstNValuesCount() {
        int[] t = {100, 200, 300, 99999, 99999};
        assertThat(TrimmedMedian.ofSlowestTrimmed(t, 3, 0.0)).isEqualTo(200.0);
    }
}
