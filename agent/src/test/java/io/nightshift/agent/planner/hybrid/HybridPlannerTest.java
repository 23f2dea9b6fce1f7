package io.nightshift.agent.planner.hybrid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.nightshift.agent.planner.CandidateRanker;
import io.nightshift.agent.planner.Deadline;
import io.nightshift.agent.planner.PlanResult;
import io.nightshift.agent.planner.PlanResult.Planned;
import io.nightshift.agent.planner.Planner;
import io.nightshift.agent.planner.PlanningContext;
import io.nightshift.agent.planner.ProposedExperiment;
import io.nightshift.agent.planner.TimedPlanner;
import io.nightshift.plugin.Objective;
import io.nightshift.plugin.PluginDescriptor;
import io.nightshift.plugin.SearchSpace;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

/** The hybrid planner's logic, with the model, TPE and its acquisition mocked. */
class HybridPlannerTest {

    static final PluginDescriptor PLUGIN = new PluginDescriptor("toy", "toy", null,
            SearchSpace.builder().floatParam("x", 0, 1).build(), Objective.maximize("score"), List.of());

    final Planner model = mock(Planner.class);
    final Planner tpe = mock(Planner.class);
    final CandidateRanker ranker = mock(CandidateRanker.class);

    static Planned llm(double x) {
        return Planned.accepted(new ProposedExperiment(Map.of("x", x), "why", "it will score " + x), "llm");
    }

    static PlanningContext context(int finished) {
        List<PlanningContext.PastTrial> history = java.util.stream.IntStream.range(0, finished)
                .mapToObj(i -> new PlanningContext.PastTrial(Map.of("x", i / 100.0), "COMPLETED", 0.5)).toList();
        return new PlanningContext(1, "q", PLUGIN, history, List.of(), List.of(), 10 - finished);
    }

    @Test
    void rankModeKeepsTheBestNByTheAcquisitionAndRejectsTheRest() {
        Planned bad = Planned.rejected(new ProposedExperiment(Map.of("x", 7.0), "", "h"), "llm", "outside the search space");
        when(model.plan(any(), eq(4))).thenReturn(new PlanResult(List.of(llm(0.1), llm(0.2), bad, llm(0.3))));
        when(ranker.score(any(), anyList())).thenReturn(new double[] {0.5, 2.0, 1.0});
        HybridPlanner hybrid = new HybridPlanner(HybridPlanner.Mode.RANK, model, tpe, ranker, 4, 0);

        PlanResult result = hybrid.plan(context(3), 2);

        assertThat(result.accepted()).extracting(p -> p.experiment().parameters().get("x")).containsExactly(0.2, 0.3);
        assertThat(result.accepted()).extracting(Planned::planner).containsOnly("llm");
        assertThat(result.accepted().get(0).experiment().rationale()).contains("TPE acquisition rank 1 of 3");
        assertThat(result.rejected()).extracting(Planned::rejectedBecause).satisfiesExactlyInAnyOrder(
                r -> assertThat(r).isEqualTo("outside the search space"),
                r -> assertThat(r).startsWith("not among the best 2 by TPE's acquisition").contains("rank 3 of 3"));
        verify(tpe, never()).plan(any(), anyInt());
    }

    @Test
    void rankModeAsksTpeForWhatTheModelCouldNotGive() {
        when(model.plan(any(), eq(4))).thenReturn(new PlanResult(List.of(llm(0.1))));
        when(ranker.score(any(), anyList())).thenReturn(new double[] {1.0});
        when(tpe.plan(any(), eq(2))).thenReturn(PlanResult.accepted("tpe", List.of(
                new ProposedExperiment(Map.of("x", 0.8), "", ""), new ProposedExperiment(Map.of("x", 0.9), "", ""))));
        HybridPlanner hybrid = new HybridPlanner(HybridPlanner.Mode.RANK, model, tpe, ranker, 4, 0);

        PlanResult result = hybrid.plan(context(0), 3);

        assertThat(result.accepted()).extracting(Planned::planner).containsExactly("llm", "tpe", "tpe");
        ArgumentCaptor<PlanningContext> seen = ArgumentCaptor.forClass(PlanningContext.class);
        verify(tpe).plan(seen.capture(), eq(2));
        assertThat(seen.getValue().pending()).as("TPE treats the kept model proposal as taken").contains(Map.of("x", 0.1));
    }

    @Test
    void seedModeUsesTheModelForTheFirstTrialsThenTpe() {
        when(model.plan(any(), anyInt())).thenAnswer(inv -> new PlanResult(
                java.util.stream.IntStream.range(0, inv.<Integer>getArgument(1)).mapToObj(i -> llm(0.1 * (i + 1))).toList()));
        when(tpe.plan(any(), anyInt())).thenAnswer(inv -> PlanResult.accepted("tpe", java.util.stream.IntStream
                .range(0, inv.<Integer>getArgument(1)).mapToObj(i -> new ProposedExperiment(Map.of("x", 0.9 - i * 0.01), "", "")).toList()));
        HybridPlanner hybrid = new HybridPlanner(HybridPlanner.Mode.SEED, model, tpe, ranker, 4, 3);

        assertThat(hybrid.plan(context(0), 2).accepted()).extracting(Planned::planner).containsExactly("llm", "llm");
        assertThat(hybrid.plan(context(2), 2).accepted()).extracting(Planned::planner).containsExactly("llm", "tpe");
        assertThat(hybrid.plan(context(3), 2).accepted()).extracting(Planned::planner).containsExactly("tpe", "tpe");
        verify(ranker, never()).score(any(), anyList());
    }

    @Test
    void theRoundsDeadlineReachesTheModelPlanner() {
        TimedPlanner timedModel = mock(TimedPlanner.class);
        Deadline deadline = Deadline.after(java.time.Duration.ofSeconds(30));
        when(timedModel.plan(any(), eq(4), eq(deadline))).thenReturn(new PlanResult(List.of(llm(0.1), llm(0.2))));
        when(ranker.score(any(), anyList())).thenReturn(new double[] {1.0, 2.0});
        HybridPlanner hybrid = new HybridPlanner(HybridPlanner.Mode.RANK, timedModel, tpe, ranker, 4, 0);

        PlanResult result = hybrid.plan(context(0), 2, deadline);

        assertThat(result.accepted()).extracting(p -> p.experiment().parameters().get("x")).containsExactly(0.2, 0.1);
        verify(timedModel).plan(any(), eq(4), eq(deadline));
    }
}
