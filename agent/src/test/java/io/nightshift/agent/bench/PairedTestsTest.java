package io.nightshift.agent.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class PairedTestsTest {

    @Test
    void wilcoxonMatchesTheExactDistribution() {
        // SciPy's documented example: statistic 24, exact two-sided p = 0.041259765625.
        double[] d = {6, 8, 14, 16, 23, 24, 28, 29, 41, -48, 49, 56, 60, -67, 75};
        assertThat(PairedTests.wilcoxon(d)).isCloseTo(0.041259765625, within(1e-12));
        assertThat(PairedTests.wilcoxon(new double[] {1, 2, 3, 4, 5})).isCloseTo(2.0 / 32, within(1e-12));
        double[] allBetter = new double[20];
        for (int i = 0; i < 20; i++) {
            allBetter[i] = -(i + 1);
        }
        assertThat(PairedTests.wilcoxon(allBetter)).isCloseTo(2.0 / (1 << 20), within(1e-15));
    }

    @Test
    void wilcoxonHandlesTiesAndNothing() {
        // Three tied magnitudes, two positive: W+ = 4 (average ranks 2 + 2); P(W+ >= 4) = 4/8, p = 1.
        assertThat(PairedTests.wilcoxon(new double[] {1, 1, -1})).isEqualTo(1.0);
        assertThat(PairedTests.wilcoxon(new double[0])).isEqualTo(1.0);
        // Ties among the ranks still give the exact conditional p: {1, 1, 2, 2} all positive -> 2/16.
        assertThat(PairedTests.wilcoxon(new double[] {1, 1, 2, 2})).isCloseTo(2.0 / 16, within(1e-12));
    }

    @Test
    void signTestIsTheExactBinomial() {
        // 15 of 20: 2 · (1 + 20 + 190 + 1140 + 4845 + 15504) / 2^20
        assertThat(PairedTests.signTest(15, 5)).isCloseTo(2 * 21700.0 / 1048576, within(1e-12));
        assertThat(PairedTests.signTest(10, 10)).isEqualTo(1.0);
        assertThat(PairedTests.signTest(0, 0)).isEqualTo(1.0);
    }

    @Test
    void compareCountsWinsAsSmallerAndDropsZeros() {
        PairedTests.Result r = PairedTests.compare(new double[] {1, 2, 3, 4}, new double[] {2, 2, 1, 5});
        assertThat(r.wins()).isEqualTo(2);
        assertThat(r.losses()).isEqualTo(1);
        assertThat(r.signP()).isEqualTo(1.0);
    }
}
