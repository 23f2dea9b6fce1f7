package io.nightshift.agent.study.findings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DistributionsTest {

    /** Printed tables of Student's t (two-sided 95% and 99%). */
    @ParameterizedTest
    @CsvSource({
            "0.975, 1, 12.7062",
            "0.975, 2, 4.3027",
            "0.975, 3, 3.1824",
            "0.975, 5, 2.5706",
            "0.975, 10, 2.2281",
            "0.975, 30, 2.0423",
            "0.975, 1000000, 1.9600",
            "0.995, 4, 4.6041",
            "0.9875, 6, 2.9687",
            "0.95, 7, 1.8946"})
    void studentQuantilesMatchTheTables(double p, double df, double expected) {
        assertThat(Distributions.studentQuantile(p, df)).isCloseTo(expected, within(1e-4));
        assertThat(Distributions.studentQuantile(1 - p, df)).isCloseTo(-expected, within(1e-4));
        assertThat(Distributions.studentCdf(expected, df)).isCloseTo(p, within(1e-5));
    }

    @Test
    void nonIntegerDegreesOfFreedomLieBetweenTheirNeighbours() {
        double q = Distributions.studentQuantile(0.975, 3.5);
        assertThat(q).isLessThan(Distributions.studentQuantile(0.975, 3)).isGreaterThan(Distributions.studentQuantile(0.975, 4));
    }

    @Test
    void fSurvivalMatchesTheTables() {
        // F(0.95; 2, 10) = 4.103, F(0.99; 3, 20) = 4.938
        assertThat(Distributions.fSurvival(4.1028, 2, 10)).isCloseTo(0.05, within(1e-4));
        assertThat(Distributions.fSurvival(4.9382, 3, 20)).isCloseTo(0.01, within(1e-4));
        assertThat(Distributions.fSurvival(0, 3, 20)).isEqualTo(1);
    }

    @Test
    void logGammaOfKnownValues() {
        assertThat(Distributions.logGamma(1)).isCloseTo(0, within(1e-12));
        assertThat(Distributions.logGamma(5)).isCloseTo(Math.log(24), within(1e-12));
        assertThat(Distributions.logGamma(0.5)).isCloseTo(Math.log(Math.sqrt(Math.PI)), within(1e-12));
    }
}
