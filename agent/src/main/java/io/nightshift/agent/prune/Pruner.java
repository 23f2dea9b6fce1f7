package io.nightshift.agent.prune;

import io.nightshift.plugin.Objective;
import java.util.List;
import java.util.Locale;
import java.util.NavigableMap;
import java.util.Optional;

/**
 * Stops unpromising trials early, judging a trial's learning curve of the objective (by epoch) against its peers'
 * at the same epoch. Decided in the controller, which has the store; carried out by cancelling the trial, which
 * is then recorded PRUNED with the reason and keeps its partial curve.
 */
public interface Pruner {

    /** The names a question's {@code pruner} may hold. */
    List<String> NAMES = List.of("none", "median", "asha");

    /**
     * @param curve    this trial's objective by epoch so far (its latest epoch is the one just reported)
     * @param finished curves of the question's other completed trials
     * @param reached  curves of all the question's other trials that reported anything (running, pruned ...)
     * @return why to prune it now, or empty to let it go on
     */
    Optional<String> judge(NavigableMap<Integer, Double> curve, List<NavigableMap<Integer, Double>> finished,
                           List<NavigableMap<Integer, Double>> reached, Objective objective);

    /** @throws IllegalArgumentException naming the known rules */
    static Optional<Pruner> named(String name) {
        String n = name == null ? "none" : name.trim().toLowerCase(Locale.ROOT);
        return switch (n) {
            case "none", "" -> Optional.empty();
            case "median" -> Optional.of(new MedianPruner(MedianPruner.STARTUP_TRIALS, MedianPruner.WARMUP_EPOCHS));
            case "asha" -> Optional.of(new AshaPruner(AshaPruner.MIN_EPOCH, AshaPruner.ETA));
            default -> throw new IllegalArgumentException("unknown pruner '" + name + "'; use one of " + NAMES);
        };
    }
}
