package io.nightshift.agent.study.findings;

import static io.nightshift.agent.study.findings.StudyData.assertHonest;
import static io.nightshift.agent.study.findings.StudyData.params;
import static io.nightshift.agent.study.findings.StudyData.texts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.nightshift.plugin.Objective;
import io.nightshift.plugin.StudyDesign;
import io.nightshift.store.Finding;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CompareFindingsTest {

    static final Objective ACCURACY = Objective.maximize("val_accuracy");
    static final Objective LOSS = Objective.minimize("val_loss");
    static final Set<String> NAMES = Set.of("val_accuracy", "val_loss", "batchnorm", "plain", "dropout");

    static StudyDesign.Compare design(int seeds, String... arms) {
        List<StudyDesign.Arm> list = java.util.Arrays.stream(arms)
                .map(a -> new StudyDesign.Arm(a, params("batch_norm", a.equals("batchnorm")))).toList();
        return new StudyDesign.Compare(list, Map.of("hidden_width", 128), seeds, 0);
    }

    private static List<Finding.New> verdicts(List<Finding.New> findings) {
        return findings.stream().filter(f -> f.kind().equals("verdict")).toList();
    }

    @Test
    void pureSeedNoiseGivesNoDifference() {
        Random random = new Random(7);
        StudyData data = new StudyData();
        for (String arm : List.of("batchnorm", "plain")) {
            for (int s = 0; s < 5; s++) {
                data.run(arm, params("batch_norm", arm.equals("batchnorm"), "hidden_width", 128), 0.9 + 0.01 * random.nextGaussian());
            }
        }

        List<Finding.New> findings = FindingsWriter.write(design(5, "batchnorm", "plain"), ACCURACY, data.observations(), data.trialIds());

        assertThat(verdicts(findings)).singleElement().satisfies(v -> {
            assertThat(v.text()).startsWith("No difference between").contains("detectable at this budget")
                    .contains("95% CI [").contains("Welch t").contains("n=5 vs 5");
            assertThat(v.numbers().get("low[" + first(v) + " vs " + second(v) + "]")).isNegative();
            assertThat(v.numbers().get("high[" + first(v) + " vs " + second(v) + "]")).isPositive();
            assertThat(v.citedTrials()).hasSize(10);
        });
        assertThat(findings.stream().filter(f -> f.kind().equals("arm"))).hasSize(2)
                .allSatisfy(a -> assertThat(a.text()).contains("(mean ± sd over 5 seeds; trials #"));
        assertHonest(findings, data.trialIds(), NAMES);
    }

    private static String first(Finding.New verdict) {
        return verdict.text().replaceFirst("No difference between (\\S+) and .*", "$1");
    }

    private static String second(Finding.New verdict) {
        return verdict.text().replaceFirst("No difference between \\S+ and (\\S+) .*", "$1");
    }

    /** The interval is calibrated: on pure noise, about 5% of studies claim a difference. */
    @Test
    void onNoiseAboutOneStudyInTwentyClaimsADifference() {
        Random random = new Random(11);
        int claims = 0;
        int studies = 400;
        for (int i = 0; i < studies; i++) {
            StudyData data = new StudyData();
            for (String arm : List.of("batchnorm", "plain")) {
                for (int s = 0; s < 3; s++) {
                    data.run(arm, params("batch_norm", arm.equals("batchnorm")), random.nextGaussian() * (arm.equals("plain") ? 1 : 3));
                }
            }
            List<Finding.New> findings = FindingsWriter.write(design(3, "batchnorm", "plain"), ACCURACY, data.observations(), data.trialIds());
            if (verdicts(findings).get(0).text().contains(" beats ")) {
                claims++;
            }
        }
        // Welch's interval is slightly conservative with unequal variances: at most 5% in expectation.
        assertThat(claims / (double) studies).isBetween(0.01, 0.08);
    }

    @Test
    void aClearEffectIsAVerdictWithTheWinnerFirst() {
        StudyData data = new StudyData()
                .runs("plain", params("batch_norm", false), 0.951, 0.948, 0.953)
                .runs("batchnorm", params("batch_norm", true), 0.972, 0.969, 0.971);

        List<Finding.New> findings = FindingsWriter.write(design(3, "batchnorm", "plain"), ACCURACY, data.observations(), data.trialIds());

        Finding.New verdict = verdicts(findings).get(0);
        assertThat(verdict.text()).as(texts(findings).toString())
                .startsWith("batchnorm beats plain by 0.0200 ± ")
                .contains("in val_accuracy (higher is better; 95% CI, Welch t with ")
                .contains("n=3 vs 3; trials #4, #5, #6, #1, #2, #3).");
        assertThat(verdict.numbers().get("improvement[batchnorm vs plain]")).isCloseTo(0.02, within(1e-9));
        double half = verdict.numbers().get("half_width[batchnorm vs plain]");
        assertThat(half).isBetween(0.002, 0.01);
        assertThat(verdict.citedTrials()).containsExactly(4L, 5L, 6L, 1L, 2L, 3L);
        // The verdict comes first, then each arm.
        assertThat(findings).extracting(Finding.New::kind).containsExactly("verdict", "arm", "arm");
        assertThat(findings.get(1).text()).isEqualTo(
                "Arm batchnorm: val_accuracy 0.9707 ± 0.0015 (mean ± sd over 3 seeds; trials #4, #5, #6).");
        assertHonest(findings, data.trialIds(), NAMES);
    }

    @Test
    void whenLowerIsBetterTheLowerArmWins() {
        StudyData data = new StudyData()
                .runs("batchnorm", params("batch_norm", true), 0.31, 0.30, 0.32)
                .runs("plain", params("batch_norm", false), 0.21, 0.20, 0.22);

        List<Finding.New> findings = FindingsWriter.write(design(3, "batchnorm", "plain"), LOSS, data.observations(), data.trialIds());

        assertThat(verdicts(findings).get(0).text()).startsWith("plain beats batchnorm by 0.100 ± ")
                .contains("in val_loss (lower is better;");
        assertHonest(findings, data.trialIds(), NAMES);
    }

    @Test
    void oneSeedPerArmHasNoIntervalAndNoVerdict() {
        StudyData data = new StudyData()
                .run("plain", params("batch_norm", false), 0.95)
                .run("batchnorm", params("batch_norm", true), 0.97);

        List<Finding.New> findings = FindingsWriter.write(design(1, "batchnorm", "plain"), ACCURACY, data.observations(), data.trialIds());

        assertThat(verdicts(findings).get(0).text()).startsWith("No verdict on batchnorm vs plain: both arms have only one run")
                .contains("spread is unknown").contains("no confidence interval").doesNotContain("beats");
        assertThat(findings.stream().filter(f -> f.kind().equals("arm")))
                .allSatisfy(a -> assertThat(a.text()).contains("one seed, so its spread is unknown"));
        assertHonest(findings, data.trialIds(), NAMES);
    }

    @Test
    void threeArmsCompareTheBestWithEachOtherBonferroniAdjusted() {
        StudyData data = new StudyData()
                .runs("plain", params("batch_norm", false), 0.951, 0.948, 0.953)
                .runs("batchnorm", params("batch_norm", true), 0.972, 0.969, 0.971)
                .runs("dropout", params("batch_norm", false, "dropout", 0.2), 0.970, 0.968, 0.973);
        StudyDesign.Compare design = new StudyDesign.Compare(List.of(
                new StudyDesign.Arm("batchnorm", params("batch_norm", true)),
                new StudyDesign.Arm("plain", params("batch_norm", false)),
                new StudyDesign.Arm("dropout", params("batch_norm", false, "dropout", 0.2))), Map.of(), 3, 0);

        List<Finding.New> findings = FindingsWriter.write(design, ACCURACY, data.observations(), data.trialIds());

        List<Finding.New> verdicts = verdicts(findings);
        assertThat(verdicts).hasSize(2);
        assertThat(verdicts.get(0).text()).startsWith("No difference between batchnorm and dropout")
                .contains("95% CI (Bonferroni over 2 comparisons, each at 97.5%) [");
        assertThat(verdicts.get(1).text()).startsWith("batchnorm beats plain by 0.0200 ± ");
        assertHonest(findings, data.trialIds(), NAMES);
    }

    @Test
    void observationsWithoutACellAreAssignedByTheArmsParameters() {
        StudyData data = new StudyData()
                .runs(null, params("batch_norm", false, "hidden_width", 128), 0.951, 0.948, 0.953)
                .runs(null, params("batch_norm", true, "hidden_width", 128), 0.972, 0.969, 0.971);

        List<Finding.New> findings = FindingsWriter.write(design(3, "batchnorm", "plain"), ACCURACY, data.observations(), data.trialIds());

        assertThat(verdicts(findings).get(0).text()).startsWith("batchnorm beats plain by");
    }

    @Test
    void aTunedArmReportsItsConfigurationRunUnderTheMostSeeds() {
        StudyData data = new StudyData()
                .run("batchnorm", params("batch_norm", true, "lr", 0.1), 0.90)
                .run("batchnorm", params("batch_norm", true, "lr", 0.01), 0.97)
                .runs("batchnorm", params("batch_norm", true, "lr", 0.01), 0.968, 0.971)
                .runs("plain", params("batch_norm", false, "lr", 0.01), 0.951, 0.948, 0.953);
        StudyDesign.Compare design = new StudyDesign.Compare(List.of(
                new StudyDesign.Arm("batchnorm", params("batch_norm", true)),
                new StudyDesign.Arm("plain", params("batch_norm", false))), Map.of(), 3, 2);

        List<Finding.New> findings = FindingsWriter.write(design, ACCURACY, data.observations(), data.trialIds());

        Finding.New arm = findings.stream().filter(f -> f.text().startsWith("Arm batchnorm")).findFirst().orElseThrow();
        assertThat(arm.text()).contains("trials #2, #3, #4").contains("Tuned: 2 configurations ran")
                .contains("is lr=0.01.");
        assertThat(arm.citedTrials()).contains(1L);
        assertHonest(findings, data.trialIds(), NAMES);
    }

    @Test
    void anArmWithoutTrialsIsSaidSo() {
        StudyData data = new StudyData().runs("plain", params("batch_norm", false), 0.95, 0.96);

        List<Finding.New> findings = FindingsWriter.write(design(2, "batchnorm", "plain"), ACCURACY, data.observations(), data.trialIds());

        assertThat(texts(findings)).contains("[verdict] No comparison is possible: only arm plain has a completed trial.",
                "[arm] Arm batchnorm: no completed trial.");
    }
}
