package io.nightshift.agent.study.findings;

import static io.nightshift.agent.study.findings.StudyData.assertHonest;
import static io.nightshift.agent.study.findings.StudyData.params;
import static io.nightshift.agent.study.findings.StudyData.texts;
import static org.assertj.core.api.Assertions.assertThat;

import io.nightshift.plugin.Objective;
import io.nightshift.plugin.StudyDesign;
import io.nightshift.store.Finding;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OptimiseFindingsTest {

    static final Objective ACCURACY = Objective.maximize("val_accuracy");
    static final Set<String> NAMES = Set.of("val_accuracy", "lr", "width", "activation", "relu", "tanh");
    static final List<Double> RATES = List.of(0.0001, 0.001, 0.01, 0.1, 1.0);
    static final List<Integer> WIDTHS = List.of(16, 32, 64, 128);

    /** A toy with a known optimum at lr = 0.01 whatever the width (and activation): accuracy falls off in log lr. */
    static double toy(double lr, Random noise) {
        double distance = Math.log10(lr) + 2;
        return 0.95 - 0.04 * distance * distance + 0.002 * noise.nextGaussian();
    }

    /**
     * What an optimise study leaves: every configuration of the grid once, then the best three (by their single
     * run) re-run under two more seeds.
     */
    static StudyData study(long seed, boolean withActivation) {
        Random noise = new Random(seed);
        StudyData data = new StudyData();
        List<Map<String, Object>> grid = new ArrayList<>();
        for (double lr : RATES) {
            for (int width : WIDTHS) {
                grid.add(withActivation ? params("lr", lr, "width", width, "activation", width > 32 ? "relu" : "tanh")
                        : params("lr", lr, "width", width));
            }
        }
        List<double[]> first = new ArrayList<>();
        for (int i = 0; i < grid.size(); i++) {
            double v = toy((Double) grid.get(i).get("lr"), noise);
            data.run(null, grid.get(i), v);
            first.add(new double[] {i, v});
        }
        first.sort(Comparator.comparingDouble((double[] r) -> r[1]).reversed());
        for (double[] top : first.subList(0, 3)) {
            Map<String, Object> p = grid.get((int) top[0]);
            data.run(null, p, toy((Double) p.get("lr"), noise)).run(null, p, toy((Double) p.get("lr"), noise));
        }
        return data;
    }

    @Test
    void aToyWithAKnownOptimumNamesItAndRanksTheRelevantParameterFirst() {
        StudyData data = study(5, true);

        List<Finding.New> findings = FindingsWriter.write(new StudyDesign.Optimise(Map.of(), 3, 3), ACCURACY,
                data.observations(), data.trialIds());

        Finding.New best = StudyData.ofKind(findings, "best");
        assertThat(best.text()).as(texts(findings).toString()).startsWith("Best configuration: lr=0.01, width=")
                .contains("(mean ± sd over 3 seeds; trials #");
        assertThat(best.numbers()).containsEntry("best.lr", 0.01).containsEntry("best.n", 3.0);
        Finding.New importance = StudyData.ofKind(findings, "importance");
        assertThat(importance.text()).startsWith("Parameter importance for val_accuracy (ε²: the share of the variance"
                + " across 26 runs explained by each parameter's main effect over its categories or up to 5 equal-count"
                + " bins of its values, less what chance would explain; normalised to sum to 1): lr ");
        assertThat(importance.numbers().get("importance[lr]")).isGreaterThan(0.8);
        assertThat(importance.numbers().get("importance[width]")).isLessThan(0.1);
        assertThat(importance.citedTrials()).hasSize(26);
        assertHonest(findings, data.trialIds(), NAMES);
    }

    @Test
    void theBestFewThatDifferOnlyBySeedNoiseAreIndistinguishable() {
        // The three best configurations all have lr = 0.01: their differences are the noise of the seeds.
        StudyData data = study(5, false);

        List<Finding.New> findings = FindingsWriter.write(new StudyDesign.Optimise(Map.of(), 3, 3), ACCURACY,
                data.observations(), data.trialIds());

        Finding.New noise = StudyData.ofKind(findings, "noise");
        assertThat(noise.text()).as(texts(findings).toString())
                .startsWith("The best 3 configurations are indistinguishable at this budget: the best one's lead is inside"
                        + " the seed-to-seed noise, so it is no finding that it is better.")
                .contains("(95% CI (Bonferroni over 2 comparisons, each at 97.5%), Welch t): lr=0.01, width=")
                .contains(", not distinguishable");
        assertThat(noise.citedTrials()).hasSize(9);
        assertHonest(findings, data.trialIds(), NAMES);
    }

    @Test
    void aBestThatStandsOutBeatsTheRunnersUp() {
        StudyData data = new StudyData()
                .runs(null, params("lr", 0.01, "width", 64), 0.95, 0.951, 0.949)
                .runs(null, params("lr", 0.1, "width", 64), 0.90, 0.902, 0.899)
                .runs(null, params("lr", 0.001, "width", 64), 0.88, 0.881, 0.879)
                .run(null, params("lr", 1.0, "width", 64), 0.96);

        List<Finding.New> findings = FindingsWriter.write(new StudyDesign.Optimise(Map.of("width", 64), 3, 3), ACCURACY,
                data.observations(), data.trialIds());

        assertThat(StudyData.ofKind(findings, "best").text()).as(texts(findings).toString())
                .isEqualTo("Best configuration: lr=0.01: val_accuracy 0.9500 ± 0.0010 (mean ± sd over 3 seeds;"
                        + " trials #1, #2, #3). A single run scored better, 0.9600 (trial #10), but it was not re-run"
                        + " under other seeds, so it is not counted as the best.");
        assertThat(StudyData.ofKind(findings, "verdict").text())
                .startsWith("The best configuration beats each runner-up beyond the seed-to-seed noise.")
                .contains("lr=0.1 (0.9003 ± 0.0015, n=3): 0.0497 [");
        assertHonest(findings, data.trialIds(), NAMES);
    }

    @Test
    void withoutReplicatesTheBestMayBeALuckySeed() {
        StudyData data = new StudyData()
                .run(null, params("lr", 0.01), 0.95)
                .run(null, params("lr", 0.1), 0.90);

        List<Finding.New> findings = FindingsWriter.write(StudyDesign.Optimise.whole(), ACCURACY, data.observations(), data.trialIds());

        assertThat(StudyData.ofKind(findings, "best").text()).isEqualTo("Best configuration: lr=0.01: val_accuracy 0.9500"
                + " from a single run (trial #1); no configuration was re-run under other seeds, so its seed-to-seed"
                + " spread is unknown and the value may be one lucky seed.");
        assertThat(StudyData.ofKind(findings, "noise").text()).startsWith("No configuration ran under several seeds");
        assertThat(findings).extracting(Finding.New::kind).doesNotContain("importance");
        assertHonest(findings, data.trialIds(), NAMES);
    }

    @Test
    void theBestSeedOfTheBestIsNotTheAnswer() {
        StudyData data = new StudyData()
                .runs(null, params("lr", 0.01), 0.95, 0.97, 0.93)
                .runs(null, params("lr", 0.1), 0.90, 0.91, 0.89);

        List<Finding.New> findings = FindingsWriter.write(StudyDesign.Optimise.whole(), ACCURACY, data.observations(), data.trialIds());

        assertThat(StudyData.ofKind(findings, "best").text()).endsWith("Its best seed reached 0.970 (trial #2); the mean"
                + " over its seeds is what counts.");
    }

    @Test
    void importanceBinsNumbersByRankAndKeepsCategoriesAndAbsentValuesApart() {
        List<Observation> runs = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            runs.add(new Observation(i + 1, null, i < 10 ? params("x", (double) i, "c", i % 3 == 0 ? "a" : "b")
                    : params("c", "a"), i, i));
        }
        // Ten distinct values: five bins of two; the two runs without x are a group of their own.
        assertThat(OptimiseFindings.groups(runs, "x")).containsExactly(0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5);
        assertThat(OptimiseFindings.groups(runs, "c")).containsExactly(0, 1, 1, 0, 1, 1, 0, 1, 1, 0, 0, 0);
        assertThat(OptimiseFindings.epsilonSquared(new double[] {1, 1, 2, 2}, new int[] {0, 0, 1, 1}, 2)).isEqualTo(1.0);
        assertThat(OptimiseFindings.epsilonSquared(new double[] {1, 2, 1, 2}, new int[] {0, 0, 1, 1}, 2)).isZero();
    }

    @Test
    void reRunsPlacedInAnotherCellStillCountAsReplicates() {
        StudyData data = new StudyData()
                .run(null, params("lr", 0.01, "width", 64), 0.95)
                .runs("confirm", params("lr", 0.01, "width", 64.0), 0.951, 0.949)
                .run(null, params("lr", 0.1, "width", 64), 0.90);

        List<Finding.New> findings = FindingsWriter.write(StudyDesign.Optimise.whole(), ACCURACY, data.observations(), data.trialIds());

        assertThat(StudyData.ofKind(findings, "best").text()).contains("(mean ± sd over 3 seeds; trials #1, #2, #3)");
    }
}
