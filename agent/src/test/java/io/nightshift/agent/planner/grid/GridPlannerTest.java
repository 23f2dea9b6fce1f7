package io.nightshift.agent.planner.grid;

import static org.assertj.core.api.Assertions.assertThat;

import io.nightshift.agent.planner.PlannerFactory;
import io.nightshift.agent.planner.PlanningContext;
import io.nightshift.agent.planner.ProposedExperiment;
import io.nightshift.plugin.Objective;
import io.nightshift.plugin.PluginDescriptor;
import io.nightshift.plugin.SearchSpace;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class GridPlannerTest {

    private static PluginDescriptor plugin(SearchSpace space) {
        return new PluginDescriptor("test", "test", null, space, Objective.minimize("loss"), List.of());
    }

    @Test
    void walksTheWholeGridOnceSkippingTriedAndPending() {
        SearchSpace space = SearchSpace.builder().categorical("c", "a", "b").intParam("n", 1, 3)
                .logFloatParam("lr", 1e-4, 1e-2).build();
        var plugin = plugin(space);
        GridPlanner grid = new GridPlanner(3, 10);
        List<PlanningContext.PastTrial> history = new ArrayList<>();
        List<Map<String, Object>> pending = List.of(Map.of("c", "a", "n", 1, "lr", 1e-3));
        Set<Map<String, Object>> seen = new HashSet<>(pending);
        while (true) {
            List<ProposedExperiment> batch = grid.propose(new PlanningContext("q", plugin, history, pending, 99), 4);
            if (batch.isEmpty()) {
                break;
            }
            for (ProposedExperiment p : batch) {
                Map<String, Object> valid = space.validate(p.parameters());
                assertThat(seen.add(valid)).as("repeated %s", valid).isTrue();
                history.add(new PlanningContext.PastTrial(valid, "COMPLETED", 0));
            }
        }
        assertThat(seen).hasSize(2 * 3 * 3);
        assertThat(seen).extracting(m -> m.get("lr")).containsOnly(1e-4, 1e-3, 1e-2);
    }

    @Test
    void expandsConditionalParametersOnlyWhereActive() {
        SearchSpace space = SearchSpace.builder().categorical("optimizer", "sgd", "adam")
                .floatParam("momentum", 0, 0.9).when("optimizer", "sgd").build();
        List<ProposedExperiment> all = new GridPlanner(4, 10)
                .propose(new PlanningContext("q", plugin(space), List.of(), List.of(), 99), 100);
        assertThat(all).hasSize(4 + 1);
        all.forEach(p -> space.validate(p.parameters()));
    }

    @Test
    void wideIntegerRangesGetEvenlySpacedLevels() {
        SearchSpace space = SearchSpace.builder().intParam("h", 16, 1024).logIntParam("b", 1, 1000).build();
        GridPlanner grid = new GridPlanner(3, 10);
        assertThat(grid.levels(space.parameters().get(0))).containsExactly(16, 520, 1024);
        assertThat(grid.levels(space.parameters().get(1))).containsExactly(1, 32, 1000);
    }

    @Test
    void factoryKnowsTheClassicalPlanners() {
        assertThat(PlannerFactory.create("tpe", 1).name()).isEqualTo("tpe");
        assertThat(PlannerFactory.create("grid", 1).name()).isEqualTo("grid");
        assertThat(PlannerFactory.create("random", 1).name()).isEqualTo("random");
    }
}
