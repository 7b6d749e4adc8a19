package com.streamlens.operators.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class UserSlicesTest {
    @Test
    void slicesAreStableNestedAndOfTheirShare() {
        int n = 100_000;
        int[] in = new int[101];
        for (int i = 0; i < n; i++) {
            String user = "user-" + i;
            int b = UserSlices.bucket("spam", user);
            assertThat(b).isBetween(0, 99).isEqualTo(UserSlices.bucket("spam", user));
            for (int stage : new int[] {5, 30, 50, 100}) if (UserSlices.inSlice("spam", user, stage)) in[stage]++;
            if (UserSlices.inSlice("spam", user, 5)) assertThat(UserSlices.inSlice("spam", user, 30)).as("5% inside 30%").isTrue();
        }
        assertThat(in[5] / (double) n).isBetween(0.045, 0.055);
        assertThat(in[30] / (double) n).isBetween(0.29, 0.31);
        assertThat(in[50] / (double) n).isBetween(0.49, 0.51);
        assertThat(in[100]).isEqualTo(n);
        assertThat(UserSlices.inSlice("spam", "anyone", 0)).isFalse();
    }

    @Test
    void eachModelSlicesItsOwnUsers() {
        int both = 0;
        int spam = 0;
        for (int i = 0; i < 20_000; i++) {
            boolean s = UserSlices.inSlice("spam", "u" + i, 5);
            if (s) spam++;
            if (s && UserSlices.inSlice("churn", "u" + i, 5)) both++;
        }
        assertThat((double) both / spam).as("about 5% of spam's early users are churn's too, not all").isLessThan(0.15);
    }
}
