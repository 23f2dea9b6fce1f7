package io.nightshift.agent.prune;

import io.nightshift.plugin.Objective;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.NavigableMap;
import java.util.Optional;

/**
 * Asynchronous successive halving (Li et al., 2020): rungs at epochs {@code minEpoch * eta^k}. A trial reaching a
 * rung goes on only if its value there is among the best {@code 1/eta} of all trials that have reached that rung
 * so far; with fewer than {@code eta} there, it goes on (it cannot be judged yet). Nothing waits for a rung to
 * fill, which is what makes it asynchronous.
 */
public final class AshaPruner implements Pruner {

    static final int MIN_EPOCH = 1;
    static final int ETA = 3;

    private final int minEpoch;
    private final int eta;

    public AshaPruner(int minEpoch, int eta) {
        if (minEpoch < 1 || eta < 2) {
            throw new IllegalArgumentException("ASHA needs minEpoch >= 1 and eta >= 2");
        }
        this.minEpoch = minEpoch;
        this.eta = eta;
    }

    /** Whether the epoch is a rung: minEpoch, minEpoch * eta, minEpoch * eta^2 ... */
    boolean isRung(int epoch) {
        for (long r = minEpoch; r <= epoch; r *= eta) {
            if (r == epoch) {
                return true;
            }
        }
        return false;
    }

    @Override
    public Optional<String> judge(NavigableMap<Integer, Double> curve, List<NavigableMap<Integer, Double>> finished,
                                  List<NavigableMap<Integer, Double>> reached, Objective objective) {
        if (curve.isEmpty()) {
            return Optional.empty();
        }
        int epoch = curve.lastKey();
        double value = curve.lastEntry().getValue();
        if (!isRung(epoch) || Double.isNaN(value)) {
            return Optional.empty();
        }
        List<Double> atRung = new ArrayList<>();
        for (NavigableMap<Integer, Double> other : reached) {
            Double v = other.get(epoch);
            if (v != null && !v.isNaN()) {
                atRung.add(v);
            }
        }
        atRung.add(value);
        if (atRung.size() < eta) {
            return Optional.empty();
        }
        int keep = Math.max(1, atRung.size() / eta);
        int better = 0;
        for (double v : atRung) {
            if (objective.isBetter(v, value)) {
                better++;
            }
        }
        if (better >= keep) {
            return Optional.of(String.format(Locale.ROOT, "pruned at epoch %d by ASHA (eta %d): %s %.4g is not among"
                    + " the best %d of the %d trials that reached this rung", epoch, eta, objective.metric(), value,
                    keep, atRung.size()));
        }
        return Optional.empty();
    }
}
