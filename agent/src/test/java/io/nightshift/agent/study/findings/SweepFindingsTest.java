package io.nightshift.agent.study.findings;

import static io.nightshift.agent.study.findings.StudyData.assertHonest;
import static io.nightshift.agent.study.findings.StudyData.params;
import static io.nightshift.agent.study.findings.StudyData.texts;
import static org.assertj.core.api.Assertions.assertThat;

import io.nightshift.plugin.Objective;
import io.nightshift.plugin.StudyDesign;
import io.nightshift.store.Finding;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SweepFindingsTest {

    static final Objective RECONSTRUCTION = Objective.minimize("val_reconstruction_error");
    static final Objective TEST_ERROR = Objective.minimize("val_error");
    static final Objective ACCURACY = Objective.maximize("val_accuracy");
    static final Set<String> NAMES = Set.of("val_reconstruction_error", "val_error", "val_accuracy", "bottleneck_width",
            "hidden_width", "depth");
    static final List<Object> WIDTHS = List.of(2, 4, 8, 16, 32, 64);

    /** Three seeds per point around the given means, with a small symmetric spread. */
    private static StudyData curve(String factor, List<Object> values, double[] means, double spread) {
        StudyData data = new StudyData();
        for (int i = 0; i < values.size(); i++) {
            Map<String, Object> p = params(factor, values.get(i), "depth", 2);
            data.runs(factor + "=" + values.get(i), p, means[i] - spread, means[i], means[i] + spread);
        }
        return data;
    }

    private static StudyDesign.Sweep sweep(String factor, List<Object> values) {
        return new StudyDesign.Sweep(factor, values, Map.of("depth", 2), 3, 0);
    }

    private static List<Finding.New> points(List<Finding.New> findings, String prefix) {
        return findings.stream().filter(f -> f.kind().equals("point") && f.text().startsWith(prefix)).toList();
    }

    @Test
    void threeSeedsPerPointGiveACurveWithSpreadsAndItsOptimum() {
        double[] means = {0.0800, 0.0500, 0.0250, 0.0220, 0.0210, 0.0200};
        StudyData data = curve("bottleneck_width", WIDTHS, means, 0.001);

        List<Finding.New> findings = FindingsWriter.write(sweep("bottleneck_width", WIDTHS), RECONSTRUCTION,
                data.observations(), data.trialIds());

        Finding.New curve = StudyData.ofKind(findings, "curve");
        assertThat(curve.text()).as(texts(findings).toString()).startsWith(
                "val_reconstruction_error by bottleneck_width (mean ± sd over seeds, n seeds per point): "
                        + "2: 0.0800 ± 0.0010 (n=3), 4: 0.0500 ± 0.0010 (n=3), 8: 0.0250 ± 0.0010 (n=3), "
                        + "16: 0.0220 ± 0.0010 (n=3), 32: 0.0210 ± 0.0010 (n=3), 64: 0.0200 ± 0.0010 (n=3); "
                        + "trials #1, #2, #3, #4,");
        assertThat(curve.citedTrials()).hasSize(18);
        assertThat(curve.numbers()).containsEntry("point[0]", 2.0).containsKey("point[5].sd");
        assertThat(StudyData.ofKind(findings, "effect").text())
                .startsWith("bottleneck_width changes val_reconstruction_error beyond the seed noise (one-way ANOVA over 6 points: F = ");
        assertThat(points(findings, "Optimum")).singleElement().satisfies(o -> assertThat(o.text())
                .startsWith("Optimum at bottleneck_width=64: val_reconstruction_error 0.0200 ± 0.0010 (n=3; trials #16, #17, #18)")
                .contains("but it is not distinguishable from bottleneck_width=32 (0.0210; difference -0.0010, 95% CI [")
                .endsWith("It lies at the end of the swept range, so the best value may lie beyond it."));
        assertHonest(findings, data.trialIds(), NAMES);
    }

    @Test
    void aClearKneeIsNamed() {
        double[] means = {0.0800, 0.0500, 0.0250, 0.0220, 0.0210, 0.0200};
        StudyData data = curve("bottleneck_width", WIDTHS, means, 0.001);

        List<Finding.New> findings = FindingsWriter.write(sweep("bottleneck_width", WIDTHS), RECONSTRUCTION,
                data.observations(), data.trialIds());

        assertThat(points(findings, "Knee")).as(texts(findings).toString()).singleElement().satisfies(k -> {
            assertThat(k.text()).startsWith("Knee at bottleneck_width=8: val_reconstruction_error falls by 0.0550 from"
                            + " bottleneck_width=2 to the knee, then falls by only 0.0050 more up to bottleneck_width=64")
                    .contains("(Kneedle: the point farthest from the chord between the ends, 0.52 of the normalised range,"
                            + " on a logarithmic bottleneck_width axis; trials #7, #8, #9).");
            assertThat(k.numbers()).containsEntry("knee", 8.0);
        });
        assertHonest(findings, data.trialIds(), NAMES);
    }

    @Test
    void aStraightLineHasNoKnee() {
        List<Object> widths = List.of(10, 20, 30, 40, 50, 60);
        double[] means = {0.90, 0.91, 0.92, 0.93, 0.94, 0.95};
        StudyData data = curve("hidden_width", widths, means, 0.002);

        List<Finding.New> findings = FindingsWriter.write(sweep("hidden_width", widths), ACCURACY, data.observations(), data.trialIds());

        assertThat(points(findings, "Knee")).as(texts(findings).toString()).isEmpty();
        assertThat(points(findings, "Peak")).isEmpty();
        assertThat(points(findings, "Optimum at hidden_width=60")).hasSize(1);
    }

    @Test
    void anInteriorPeakIsNamedAsALocalWorstPoint() {
        // Double descent: test error falls, peaks where the model just fits the data, then falls again.
        List<Object> widths = List.of(4, 8, 16, 32, 64, 128);
        double[] means = {0.30, 0.25, 0.40, 0.22, 0.18, 0.17};
        StudyData data = curve("hidden_width", widths, means, 0.01);

        List<Finding.New> findings = FindingsWriter.write(sweep("hidden_width", widths), TEST_ERROR, data.observations(), data.trialIds());

        assertThat(points(findings, "Peak")).as(texts(findings).toString()).singleElement().satisfies(p -> {
            assertThat(p.text()).startsWith("Peak at hidden_width=16: val_error 0.400 ± 0.010 (n=3), above both neighbours,"
                            + " hidden_width=8 (0.250) and hidden_width=32 (0.220), beyond the seed noise (95% CI of the"
                            + " differences, Welch t: [")
                    .endsWith("A local worst point: val_error recovers on both sides of it.");
            assertThat(p.citedTrials()).contains(7L, 8L, 9L, 4L, 10L);
        });
        assertThat(points(findings, "Dip at hidden_width=8")).hasSize(1);
        assertThat(points(findings, "Knee")).as("not monotone: no knee").isEmpty();
        assertHonest(findings, data.trialIds(), NAMES);
    }

    @Test
    void aCurveInsideTheNoiseSaysSoAndNamesNoPointAsBetter() {
        Random random = new Random(3);
        StudyData data = new StudyData();
        for (Object w : WIDTHS) {
            for (int s = 0; s < 3; s++) {
                data.run("bottleneck_width=" + w, params("bottleneck_width", w), 0.05 + 0.01 * random.nextGaussian());
            }
        }

        List<Finding.New> findings = FindingsWriter.write(sweep("bottleneck_width", WIDTHS), RECONSTRUCTION,
                data.observations(), data.trialIds());

        assertThat(StudyData.ofKind(findings, "noise").text()).as(texts(findings).toString())
                .startsWith("The differences along the curve are inside the seed noise (one-way ANOVA over 6 points: F = ")
                .endsWith("no effect of bottleneck_width on val_reconstruction_error is detectable at this budget.");
        assertThat(points(findings, "Optimum")).singleElement()
                .satisfies(o -> assertThat(o.text()).contains("but it is not distinguishable from"));
        assertThat(points(findings, "Knee")).isEmpty();
        assertHonest(findings, data.trialIds(), NAMES);
    }

    @Test
    void oneSeedPerPointLeavesTheNoiseUnknown() {
        StudyData data = new StudyData();
        double[] means = {0.0800, 0.0500, 0.0250, 0.0220, 0.0210, 0.0200};
        for (int i = 0; i < WIDTHS.size(); i++) {
            data.run(null, params("bottleneck_width", WIDTHS.get(i)), means[i]);
        }

        List<Finding.New> findings = FindingsWriter.write(sweep("bottleneck_width", WIDTHS), RECONSTRUCTION,
                data.observations(), data.trialIds());

        assertThat(StudyData.ofKind(findings, "curve").text()).contains("2: 0.08000 (n=1), 4: 0.05000 (n=1)");
        assertThat(StudyData.ofKind(findings, "noise").text()).startsWith("Every point ran under one seed");
        assertThat(points(findings, "Knee")).isEmpty();
        assertThat(points(findings, "Optimum")).singleElement()
                .satisfies(o -> assertThat(o.text()).contains("cannot be told apart from it: one of the two ran under one seed only"));
        assertHonest(findings, data.trialIds(), NAMES);
    }

    @Test
    void aPointWithoutTrialsIsShownAsMissing() {
        double[] means = {0.0800, 0.0500, 0.0250, 0.0220, 0.0210, 0.0200};
        StudyData full = curve("bottleneck_width", WIDTHS, means, 0.001);
        List<Observation> withoutSixteen = full.observations().stream()
                .filter(o -> !o.params().get("bottleneck_width").equals(16)).toList();

        List<Finding.New> findings = FindingsWriter.write(sweep("bottleneck_width", WIDTHS), RECONSTRUCTION,
                withoutSixteen, full.trialIds());

        assertThat(StudyData.ofKind(findings, "curve").text()).contains("16: no completed trial, 32: 0.0210");
    }

    @Test
    void geometricValuesReadOnALogAxis() {
        assertThat(SweepFindings.logAxis(new double[] {2, 4, 8, 16, 32, 64})).isTrue();
        assertThat(SweepFindings.logAxis(new double[] {10, 20, 30, 40})).isFalse();
        assertThat(SweepFindings.logAxis(new double[] {0, 1, 2})).isFalse();
    }

    @Test
    void aSweepOfCategoriesHasACurveAndAnOptimumButNoKneeOrPeak() {
        List<Object> activations = List.of("relu", "tanh", "gelu", "elu2");
        double[] means = {0.95, 0.90, 0.96, 0.91};
        StudyData data = curve("activation", activations, means, 0.002);

        List<Finding.New> findings = FindingsWriter.write(sweep("activation", activations), ACCURACY, data.observations(),
                data.trialIds());

        assertThat(StudyData.ofKind(findings, "curve").text()).as(texts(findings).toString())
                .contains("relu: 0.9500 ± 0.0020 (n=3), tanh: 0.9000 ± 0.0020 (n=3)")
                .contains("elu2: 0.9100 ± 0.0020");
        assertThat(points(findings, "Optimum at activation=gelu")).hasSize(1);
        assertThat(findings.stream().filter(f -> f.kind().equals("point"))).hasSize(1);
        assertHonest(findings, data.trialIds(), Set.of("val_accuracy", "activation", "elu2"));
    }

    @Test
    void observationsWithoutTheFactorAreFoundByTheirCellLabel() {
        StudyDesign.Sweep design = new StudyDesign.Sweep("lr", List.of(1.0E-4, 0.01), Map.of(), 1, 0);
        assertThat(SweepFindings.pointOf(design, new Observation(1, "lr=1.0E-4", Map.of(), 1, 0.5))).isZero();
        assertThat(SweepFindings.pointOf(design, new Observation(2, "lr=0.01", Map.of(), 1, 0.5))).isEqualTo(1);
        assertThat(SweepFindings.pointOf(design, new Observation(3, null, Map.of("lr", 0.0001), 1, 0.5))).isZero();
        assertThat(SweepFindings.pointOf(design, new Observation(4, "lr=0.5", Map.of(), 1, 0.5))).isEqualTo(-1);
    }
}
