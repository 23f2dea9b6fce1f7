package io.nightshift.agent.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.nightshift.agent.planner.Planner;
import io.nightshift.agent.planner.PlanningContext;
import io.nightshift.agent.planner.ProposedExperiment;
import io.nightshift.agent.planner.random.RandomPlanner;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongFunction;
import org.junit.jupiter.api.Test;

class SearchQualityRunsTest {

    @Test
    void runsInBatchesWithoutRepeatsAndReadsTheKeyCategorical() {
        BenchFunctions.TestFunction f = BenchFunctions.branches();
        SearchQualityRuns.Run run = SearchQualityRuns.run(f, "tpe", 3, 40, new SearchQualityRuns.Mode(4, false));
        assertThat(run.values()).hasSize(40);
        assertThat(run.keys()).hasSize(40).allSatisfy(k -> assertThat(k).isIn("a", "b", "c"));
        assertThat(run.repeats()).isZero();
        assertThat(run.best(40)).isLessThanOrEqualTo(run.best(25));
        assertThat(run.topShare(20)).isBetween(1.0 / 3, 1.0);
    }

    /** Random planners that note each call as "finished + pending : asked". */
    private static LongFunction<Planner> recording(List<String> calls) {
        return seed -> new Planner() {
            final RandomPlanner inner = new RandomPlanner(seed);

            @Override
            public String name() {
                return "recording";
            }

            @Override
            public List<ProposedExperiment> propose(PlanningContext context, int count) {
                calls.add(context.history().size() + "+" + context.pending().size() + ":" + count);
                return inner.propose(context, count);
            }
        };
    }

    @Test
    void workersAskAllAtFirstThenOneAtATimeWithTheOthersPending() {
        BenchFunctions.TestFunction f = BenchFunctions.branches();
        List<String> calls = new ArrayList<>();
        SearchQualityRuns.Run run = SearchQualityRuns.run(f, recording(calls), 1, 7, new SearchQualityRuns.Mode(3, true));
        // finished + pending : asked. The last two trials end with nothing more to ask.
        assertThat(calls).containsExactly("0+0:3", "1+2:1", "2+2:1", "3+2:1", "4+2:1");
        assertThat(run.values()).hasSize(7);
        assertThat(run.repeats()).isZero();
    }

    @Test
    void aBatchIsAskedThenToldWhole() {
        BenchFunctions.TestFunction f = BenchFunctions.branches();
        List<String> calls = new ArrayList<>();
        SearchQualityRuns.run(f, recording(calls), 1, 7, new SearchQualityRuns.Mode(3, false));
        assertThat(calls).containsExactly("0+0:3", "3+0:3", "6+0:1");
    }

    @Test
    void summariesOfARun() {
        SearchQualityRuns.Run run = new SearchQualityRuns.Run(
                new double[] {3, 1, 2, 1, 5}, new String[] {"a", "b", "b", "c", "b"}, 0);
        assertThat(run.best(1)).isEqualTo(3);
        assertThat(run.best(5)).isEqualTo(1);
        assertThat(run.keyOfBest(5)).isEqualTo("b"); // the earliest of the tied best
        assertThat(run.topShare(4)).isEqualTo(0.75);
        assertThat(SearchQualityRuns.regretRatio(new double[] {1, 2, 3}, new double[] {2, 4, 6}, 0)).isEqualTo(0.5);
    }

    @Test
    void tpeVariantsParse() {
        assertThat(TpeVariants.settings("tpe")).isEqualTo(io.nightshift.agent.planner.tpe.TpePlanner.Settings.defaults());
        assertThat(TpeVariants.settings("tpe-joint").categoricals())
                .isEqualTo(io.nightshift.agent.planner.tpe.TpePlanner.Categoricals.JOINT);
        assertThat(TpeVariants.settings("tpe-x0.5-c64").crossWeight()).isEqualTo(0.5);
        assertThat(TpeVariants.settings("tpe-x0.5-c64").eiCandidates()).isEqualTo(64);
        assertThat(TpeVariants.settings("tpe-rank").batchMembers())
                .isEqualTo(io.nightshift.agent.planner.tpe.TpePlanner.BatchMembers.REFINE_GOOD);
        assertThat(TpeVariants.settings("tpe-w0.5").batchMembers()).as("a width keeps the default scheme")
                .isEqualTo(io.nightshift.agent.planner.tpe.TpePlanner.BatchMembers.REFINE_UNCLAIMED);
        assertThat(TpeVariants.settings("tpe-w0.5").memberWidth()).isEqualTo(0.5);
        assertThat(TpeVariants.settings("tpe-cb10-sp1").claimBias()).isEqualTo(10.0);
        assertThat(TpeVariants.settings("tpe-cb10-sp1").startupCandidates()).isEqualTo(1);
        assertThat(TpeVariants.settings("tpe-sr0-rc3").soloRefine()).isEqualTo(0.0);
        assertThat(TpeVariants.settings("tpe-sr0-rc3").recentClaims()).isEqualTo(3);
        assertThat(TpeVariants.settings("tpe-sp0")).as("invalid settings are no variant").isNull();
        assertThat(TpeVariants.settings("tpe-sr1.5")).isNull();
        assertThat(TpeVariants.settings("tpe-rc0")).isNull();
        assertThat(TpeVariants.settings("tpe-cb-1")).isNull();
        assertThat(TpeVariants.settings("tpe-nonsense")).isNull();
        assertThat(TpeVariants.settings("random")).isNull();
    }

    @Test
    void heldOutFunctionsHaveTheirMinimaWhereTheLiteratureSays() {
        java.util.Map<String, Object> zero5 = java.util.Map.of("x1", 0.0, "x2", 0.0, "x3", 0.0, "x4", 0.0, "x5", 0.0);
        assertThat(BenchFunctions.ackley5().f().applyAsDouble(zero5)).isCloseTo(0, org.assertj.core.api.Assertions.within(1e-9));
        assertThat(BenchFunctions.rastrigin4().f().applyAsDouble(zero5)).isCloseTo(0, org.assertj.core.api.Assertions.within(1e-9));
        double s = -2.903534;
        assertThat(BenchFunctions.styblinski5().f().applyAsDouble(
                java.util.Map.of("x1", s, "x2", s, "x3", s, "x4", s, "x5", s)))
                .isCloseTo(BenchFunctions.styblinski5().optimum(), org.assertj.core.api.Assertions.within(1e-3));
        double w = 420.9687;
        assertThat(BenchFunctions.schwefel4().f().applyAsDouble(java.util.Map.of("x1", w, "x2", w, "x3", w, "x4", w)))
                .isCloseTo(0, org.assertj.core.api.Assertions.within(1e-3));
        assertThat(BenchFunctions.named(null).stream().map(BenchFunctions.TestFunction::name))
                .containsExactlyElementsOf(BenchFunctions.all().stream().map(BenchFunctions.TestFunction::name).toList())
                .doesNotContain("ackley5");
        assertThat(BenchFunctions.named(java.util.List.of("schwefel4", "branin")).stream().map(BenchFunctions.TestFunction::name))
                .containsExactly("branin", "schwefel4");
    }

    @Test
    void aTallyCountsSignificantCellsEachWayAndAveragesTheRatiosGeometrically() {
        double[] low = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
        double[] high = java.util.Arrays.stream(low).map(v -> 4 * v).toArray();
        CellTally tally = new CellTally();
        assertThat(tally.add(low, high, 0).worse()).isFalse();
        assertThat(tally.add(high, low, 0).worse()).isTrue();
        CellTally.Cell same = tally.add(low, low, 0);
        assertThat(same.significant()).isFalse();
        assertThat(tally.better()).isEqualTo(1);
        assertThat(tally.worse()).isEqualTo(1);
        assertThat(tally.geometricMean()).isCloseTo(1.0, org.assertj.core.api.Assertions.within(1e-12)); // 1/4, 4 and 1
        CellTally sum = new CellTally();
        sum.add(low, high, 0);
        sum.addAll(tally);
        assertThat(sum.better()).isEqualTo(2);
        // ratios 1/4, then 1/4, 4 and 1: (1/4)^(1/4)
        assertThat(sum.geometricMean()).isCloseTo(Math.pow(0.25, 0.25), org.assertj.core.api.Assertions.within(1e-12));
    }
}
