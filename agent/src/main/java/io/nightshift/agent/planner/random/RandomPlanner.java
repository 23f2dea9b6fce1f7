package io.nightshift.agent.planner.random;

import io.nightshift.agent.planner.Planner;
import io.nightshift.agent.planner.PlanningContext;
import io.nightshift.agent.planner.ProposedExperiment;
import io.nightshift.agent.planner.SpaceEncoding;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Samples each parameter from its prior. The baseline every other planner must beat; it still
 * avoids configurations already tried or pending, so a small discrete space is not run twice.
 */
public final class RandomPlanner implements Planner {

    private static final int ATTEMPTS_PER_PROPOSAL = 100;

    private final SplittableRandom random;

    public RandomPlanner(long seed) {
        this.random = new SplittableRandom(seed);
    }

    @Override
    public String name() {
        return "random";
    }

    @Override
    public List<ProposedExperiment> propose(PlanningContext context, int count) {
        SpaceEncoding encoding = new SpaceEncoding(context.plugin().searchSpace());
        Set<SpaceEncoding.Key> taken = encoding.taken(context);
        List<ProposedExperiment> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            for (int attempt = 0; attempt < ATTEMPTS_PER_PROPOSAL; attempt++) {
                Map<String, Object> candidate = context.plugin().searchSpace().sample(random);
                if (taken.add(encoding.key(candidate))) {
                    out.add(new ProposedExperiment(candidate, "", ""));
                    break;
                }
            }
        }
        return out;
    }
}
