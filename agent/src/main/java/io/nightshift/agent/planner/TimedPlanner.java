package io.nightshift.agent.planner;

/**
 * A planner whose round can be given a {@link Deadline}: once it has passed, the planner starts no
 * new slow step (a model call, a retry, a re-ask) and returns what it has. {@link TimeBoundPlanner}
 * uses it so that a round it has stopped waiting for also stops spending calls.
 */
public interface TimedPlanner extends Planner {

    PlanResult plan(PlanningContext context, int count, Deadline deadline);

    @Override
    default PlanResult plan(PlanningContext context, int count) {
        return plan(context, count, Deadline.none());
    }

    /** The round under the deadline when the planner takes one; otherwise a plain round. */
    static PlanResult plan(Planner planner, PlanningContext context, int count, Deadline deadline) {
        return planner instanceof TimedPlanner timed ? timed.plan(context, count, deadline) : planner.plan(context, count);
    }
}
