package io.nightshift.agent.study;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nightshift.agent.planner.PlanningContext;
import io.nightshift.agent.planner.random.RandomPlanner;
import io.nightshift.plugin.Objective;
import io.nightshift.plugin.PluginDescriptor;
import io.nightshift.plugin.SearchSpace;
import io.nightshift.plugin.StudyDesign;
import io.nightshift.store.Placement;
import io.nightshift.store.Proposal;
import io.nightshift.store.ProposalStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StudyPlannerTest {

    static final SearchSpace SPACE = SearchSpace.builder()
            .logIntParam("width", 2, 64)
            .logFloatParam("lr", 1e-4, 1e-1)
            .categorical("norm", "none", "batch")
            .build();
    static final PluginDescriptor PLUGIN = new PluginDescriptor("toy", "a toy", null, SPACE,
            Objective.minimize("error"), List.of());

    private final List<StudyPlanner.Entry> entries = new ArrayList<>();
    private long nextId = 1;

    private void record(StudyPlanner.Experiment e, boolean finished, double value) {
        Proposal p = new Proposal(nextId++, 1, e.params(), e.planner(), null, null, ProposalStatus.APPROVED, null,
                Instant.EPOCH, e.placement());
        entries.add(new StudyPlanner.Entry(p, finished, value));
    }

    private PlanningContext context(int left) {
        return new PlanningContext(1, "q", PLUGIN, List.of(), List.of(), List.of(), left);
    }

    @Test
    void aFixedSweepRunsEveryPointOncePerSeedSeedBySeedWithPairedSeeds() {
        StudyDesign sweep = DesignValidator.validate(new StudyDesign.Sweep("width", List.of(2, 8, 32),
                Map.of("norm", "batch"), 2, 0), SPACE);
        StudyPlanner planner = new StudyPlanner(sweep, PLUGIN, 42);
        assertThat(StudyPlanner.budget(sweep, 99)).isEqualTo(6);

        List<StudyPlanner.Experiment> first = planner.next(entries, 4, new RandomPlanner(1), context(6), 6);
        first.forEach(e -> record(e, true, 0.5));
        List<StudyPlanner.Experiment> rest = planner.next(entries, 10, new RandomPlanner(1), context(2), 6);
        rest.forEach(e -> record(e, true, 0.5));

        assertThat(first).extracting(e -> e.placement().cell() + "#" + e.placement().replicate())
                .containsExactly("width=2#0", "width=8#0", "width=32#0", "width=2#1");
        assertThat(rest).extracting(e -> e.placement().cell() + "#" + e.placement().replicate())
                .containsExactly("width=8#1", "width=32#1");
        assertThat(planner.next(entries, 5, new RandomPlanner(1), context(0), 6)).as("nothing left").isEmpty();
        List<StudyPlanner.Experiment> all = new ArrayList<>(first);
        all.addAll(rest);
        assertThat(all).allSatisfy(e -> {
            assertThat(e.params()).containsEntry("norm", "batch").containsKey("lr");
            assertThat(e.params().get("lr")).isEqualTo(SPACE.center().get("lr"));
        });
        assertThat(all).filteredOn(e -> e.placement().replicate() == 0).extracting(e -> e.placement().seed())
                .as("replicate 0 shares one seed across points").containsOnly(all.get(0).placement().seed());
        assertThat(all.get(0).placement().seed()).isNotEqualTo(all.get(3).placement().seed());
    }

    @Test
    void tunedArmsGetEqualBudgetsThenTheirBestRunsUnderTheOtherSeeds() {
        StudyDesign compare = DesignValidator.validate(new StudyDesign.Compare(List.of(
                new StudyDesign.Arm("plain", Map.of("norm", "none")),
                new StudyDesign.Arm("batch", Map.of("norm", "batch"))), Map.of("width", 16), 3, 2), SPACE);
        StudyPlanner planner = new StudyPlanner(compare, PLUGIN, 7);
        assertThat(StudyPlanner.budget(compare, 1)).isEqualTo(2 * (2 + 2));

        List<StudyPlanner.Experiment> tuning = planner.next(entries, 10, new RandomPlanner(3), context(8), 8);
        assertThat(tuning).hasSize(4).allSatisfy(e -> assertThat(e.placement().replicate()).isZero());
        assertThat(tuning).filteredOn(e -> "plain".equals(e.placement().cell()))
                .hasSize(2).allSatisfy(e -> assertThat(e.params()).containsEntry("norm", "none").containsEntry("width", 16));
        double[] values = {0.3, 0.1, 0.2, 0.4};
        for (int i = 0; i < tuning.size(); i++) {
            record(tuning.get(i), true, values[i]);
        }

        List<StudyPlanner.Experiment> replicates = planner.next(entries, 10, new RandomPlanner(3), context(4), 8);
        assertThat(replicates).hasSize(4);
        StudyPlanner.Experiment bestPlain = tuning.get(1);
        assertThat(replicates).filteredOn(e -> "plain".equals(e.placement().cell()))
                .allSatisfy(e -> assertThat(e.params()).isEqualTo(bestPlain.params()))
                .extracting(e -> e.placement().replicate()).containsExactly(1, 2);
    }

    @Test
    void optimiseSearchesThenReRunsTheBestUnderOtherSeedsWithinAThirdOfTheBudget() {
        StudyDesign optimise = new StudyDesign.Optimise(Map.of("norm", "batch"), 3, 3);
        StudyPlanner planner = new StudyPlanner(optimise, PLUGIN, 5);

        List<StudyPlanner.Experiment> search = planner.next(entries, 20, new RandomPlanner(9), context(9), 9);
        assertThat(search).as("9 trials, at most 3 of them re-runs: 1 configuration x 2 more seeds").hasSize(7)
                .allSatisfy(e -> assertThat(e.params()).containsEntry("norm", "batch"));
        for (int i = 0; i < search.size(); i++) {
            record(search.get(i), true, 1.0 - i * 0.1);
        }
        List<StudyPlanner.Experiment> confirm = planner.next(entries, 20, new RandomPlanner(9), context(2), 9);
        assertThat(confirm).hasSize(2).allSatisfy(e -> assertThat(e.params()).isEqualTo(search.get(6).params()));
        assertThat(confirm).extracting(e -> e.placement().replicate()).containsExactly(1, 2);
    }

    @Test
    void theConfirmationShrinksToFitAThirdOfTheBudget() {
        assertThat(StudyPlanner.Confirmation.within(3, 3, 30)).isEqualTo(new StudyPlanner.Confirmation(3, 3));
        assertThat(StudyPlanner.Confirmation.within(3, 3, 9)).isEqualTo(new StudyPlanner.Confirmation(1, 3));
        assertThat(StudyPlanner.Confirmation.within(3, 3, 4)).isEqualTo(new StudyPlanner.Confirmation(1, 2));
        assertThat(StudyPlanner.Confirmation.within(3, 3, 2).trials()).isZero();
    }

    @Test
    void designsThatDoNotFitTheSpaceSayEverythingWrongAtOnce() {
        assertThatThrownBy(() -> DesignValidator.validate(new StudyDesign.Sweep("depth", List.of(1, 2), Map.of(), 3, 0), SPACE))
                .hasMessageContaining("'depth' is not a parameter").hasMessageContaining("[width, lr, norm]");
        assertThatThrownBy(() -> DesignValidator.validate(new StudyDesign.Sweep("width", List.of(1, 8), Map.of("lr", 5.0), 3, 0), SPACE))
                .hasMessageContaining("width").hasMessageContaining("lr");
        assertThatThrownBy(() -> DesignValidator.validate(new StudyDesign.Compare(List.of(
                new StudyDesign.Arm("a", Map.of("norm", "none")), new StudyDesign.Arm("b", Map.of("norm", "none"))),
                Map.of(), 3, 0), SPACE)).hasMessageContaining("set the same values");
        assertThatThrownBy(() -> DesignValidator.validate(new StudyDesign.Optimise(SPACE.center(), 3, 3), SPACE))
                .hasMessageContaining("nothing to optimise");
    }

    @Test
    void designsSurviveTheirJsonAndUnknownKeysAreErrors() {
        StudyDesign sweep = new StudyDesign.Sweep("width", List.of(2, 4), Map.of("norm", "batch"), 2, 0);
        assertThat(DesignCodec.read(DesignCodec.write(sweep))).isEqualTo(sweep);
        StudyDesign compare = new StudyDesign.Compare(List.of(new StudyDesign.Arm("a", Map.of("norm", "none")),
                new StudyDesign.Arm("b", Map.of("norm", "batch"))), Map.of(), 3, 1);
        assertThat(DesignCodec.read(DesignCodec.write(compare))).isEqualTo(compare);
        assertThat(DesignCodec.read(DesignCodec.write(StudyDesign.Optimise.whole()))).isEqualTo(StudyDesign.Optimise.whole());
        assertThatThrownBy(() -> DesignCodec.read("{\"kind\":\"sweep\",\"factor\":\"w\",\"valeus\":[1,2]}"))
                .hasMessageContaining("unknown key 'valeus'");
        assertThatThrownBy(() -> DesignCodec.read("{\"kind\":\"ablate\"}")).hasMessageContaining("not one of");
    }
}
