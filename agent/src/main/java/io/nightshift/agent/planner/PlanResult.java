package io.nightshift.agent.planner;

import java.util.List;
import java.util.Objects;

/**
 * What a planning round produced: every proposal, accepted or rejected, with the planner that made
 * it. Classical planners return only accepted proposals under their own name (see
 * {@link Planner#plan}); the language-model planner also returns what it rejected (the loop stores
 * those as REJECTED proposals with the reason) and the fallback planner's fills under that planner's name.
 */
public record PlanResult(List<Planned> proposals) {

    public PlanResult {
        proposals = List.copyOf(proposals);
    }

    public static PlanResult accepted(String planner, List<ProposedExperiment> experiments) {
        return new PlanResult(experiments.stream().map(e -> Planned.accepted(e, planner)).toList());
    }

    public List<Planned> accepted() {
        return proposals.stream().filter(Planned::isAccepted).toList();
    }

    public List<Planned> rejected() {
        return proposals.stream().filter(p -> !p.isAccepted()).toList();
    }

    /**
     * @param planner         who made it, stored in the proposal row ({@code llm}, {@code tpe} ...)
     * @param rejectedBecause null when accepted; otherwise why it must not run
     */
    public record Planned(ProposedExperiment experiment, String planner, String rejectedBecause) {

        public Planned {
            Objects.requireNonNull(experiment, "experiment");
            Objects.requireNonNull(planner, "planner");
        }

        public static Planned accepted(ProposedExperiment experiment, String planner) {
            return new Planned(experiment, planner, null);
        }

        public static Planned rejected(ProposedExperiment experiment, String planner, String reason) {
            return new Planned(experiment, planner, Objects.requireNonNull(reason, "reason"));
        }

        public boolean isAccepted() {
            return rejectedBecause == null;
        }
    }
}
