package io.nightshift.agent.planner;

import io.nightshift.agent.config.NightshiftConfig;
import io.nightshift.agent.planner.grid.GridPlanner;
import io.nightshift.agent.planner.hybrid.HybridPlanner;
import io.nightshift.agent.planner.llm.LlmPlanner;
import io.nightshift.agent.planner.llm.LlmServices;
import io.nightshift.agent.planner.random.RandomPlanner;
import io.nightshift.agent.planner.tpe.TpePlanner;
import java.util.List;
import java.util.Locale;
import java.util.function.BiFunction;

/**
 * Turns the planner name from the config or the command line into a planner. The classical planners
 * need only a seed ({@link #create}); {@code llm} and {@code hybrid} also need the language model,
 * the store and a fallback, so a run builds them through {@link #withLlm}.
 */
public final class PlannerFactory {

    public static final List<String> NAMES = List.of("tpe", "random", "grid", "llm", "hybrid");

    /** The planners that call a language model (they need the {@code llm:} section of the configuration). */
    public static final List<String> LLM_NAMES = List.of(LlmPlanner.NAME, HybridPlanner.NAME);

    /** Fills in when a planner fails or a language model gives fewer valid proposals than wanted. */
    public static final String FALLBACK = "tpe";

    private PlannerFactory() {}

    /** A planner that needs no language model. */
    public static Planner create(String name, long seed) {
        return switch (name) {
            case "random" -> new RandomPlanner(seed);
            case "tpe" -> new TpePlanner(seed);
            case "grid" -> new GridPlanner(seed);
            case "llm", "hybrid" -> throw new IllegalArgumentException("planner '" + name
                    + "' calls a language model: it needs the llm: section of nightshift.yaml (see PlannerFactory.withLlm)");
            default -> throw new IllegalArgumentException("unknown planner '" + name + "'; available: " + NAMES);
        };
    }

    /**
     * Every planner by name, {@code llm} and {@code hybrid} over {@code llm} (with TPE as their fallback
     * and ranker). Both run bounded by {@code llm.planning-timeout-seconds} ({@link TimeBoundPlanner}):
     * past it, a TPE of its own plans the round. Each call makes fresh planners, so that rounds on
     * different threads share nothing but the thread-safe {@link LlmServices}.
     *
     * @param llm the run's language-model services; null when no model is configured (then {@code llm}
     *            and {@code hybrid} are refused with a message)
     */
    public static BiFunction<String, Long, Planner> withLlm(LlmServices llm) {
        return (name, seed) -> switch (name) {
            case "llm" -> bounded(require(llm, name), new LlmPlanner(llm, create(FALLBACK, seed)), seed);
            case "hybrid" -> bounded(require(llm, name), hybrid(llm, seed), seed);
            default -> create(name, seed);
        };
    }

    /** The fallback is a TPE instance of its own: the slow round it replaces may still be using the other. */
    private static Planner bounded(LlmServices llm, TimedPlanner slow, long seed) {
        return new TimeBoundPlanner(slow, create(FALLBACK, seed), llm.planningTimeout(), llm.rounds());
    }

    private static TimedPlanner hybrid(LlmServices llm, long seed) {
        NightshiftConfig.Hybrid h = llm.config().hybrid();
        Planner tpe = create(FALLBACK, seed);
        CandidateRanker ranker = tpe instanceof CandidateRanker r ? r : PlannerFactory::inModelOrder;
        return new HybridPlanner(HybridPlanner.Mode.valueOf(h.mode().toUpperCase(Locale.ROOT)),
                new LlmPlanner(llm, null), tpe, ranker, h.candidates(), h.seedTrials());
    }

    /** A ranker that keeps the model's order, for when no acquisition is available. */
    private static double[] inModelOrder(PlanningContext context, List<java.util.Map<String, Object>> candidates) {
        double[] scores = new double[candidates.size()];
        for (int i = 0; i < scores.length; i++) {
            scores[i] = -i;
        }
        return scores;
    }

    private static LlmServices require(LlmServices llm, String name) {
        if (llm == null) {
            throw new IllegalArgumentException("planner '" + name + "' needs a language model, and none is configured"
                    + " (llm: section of nightshift.yaml)");
        }
        return llm;
    }
}
