package io.nightshift.agent.planner;

import java.util.List;

/** Turns the planner name from the config or the command line into a planner. */
public final class PlannerFactory {

    public static final List<String> NAMES = List.of("random");

    private PlannerFactory() {}

    public static Planner create(String name, long seed) {
        return switch (name) {
            case "random" -> new RandomPlanner(seed);
            default -> throw new IllegalArgumentException("unknown planner '" + name + "'; available: " + NAMES);
        };
    }
}
