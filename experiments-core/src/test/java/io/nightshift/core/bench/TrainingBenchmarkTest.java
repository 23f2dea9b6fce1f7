package io.nightshift.core.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class TrainingBenchmarkTest {

    @Test
    void signTestMatchesTheBinomialTails() {
        // 7 of 9 rounds one way: P(X <= 2) = (1 + 9 + 36) / 512, doubled.
        assertThat(TrainingBenchmark.signTest(7, 9)).isCloseTo(2 * 46 / 512.0, within(1e-12));
        assertThat(TrainingBenchmark.signTest(2, 9)).isCloseTo(2 * 46 / 512.0, within(1e-12));
        assertThat(TrainingBenchmark.signTest(0, 9)).isCloseTo(2 / 512.0, within(1e-12));
        assertThat(TrainingBenchmark.signTest(5, 10)).isEqualTo(1.0);
    }
}
