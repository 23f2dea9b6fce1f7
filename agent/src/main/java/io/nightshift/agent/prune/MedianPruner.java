package io.nightshift.agent.prune;

import io.nightshift.plugin.Objective;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.NavigableMap;
import java.util.Optional;

/**
 * The median stopping rule (as in Google Vizier and Optuna's MedianPruner): after a few completed trials and a
 * warm-up, a trial whose best value so far is worse than the median of the completed trials' values at the
 * same epoch is stopped.
 */
public final class MedianPruner implements Pruner {

    static final int STARTUP_TRIALS = 4;
    static final int WARMUP_EPOCHS = 1;

    private final int startupTrials;
    private final int warmupEpochs;

    /**
     * @param startupTrials completed trials with a value at the epoch before the rule applies
     * @param warmupEpochs  epochs every trial runs before it can be pruned
     */
    public MedianPruner(int startupTrials, int warmupEpochs) {
        this.startupTrials = startupTrials;
        this.warmupEpochs = warmupEpochs;
    }

    @Override
    public Optional<String> judge(NavigableMap<Integer, Double> curve, List<NavigableMap<Integer, Double>> finished,
                                  List<NavigableMap<Integer, Double>> reached, Objective objective) {
        if (curve.isEmpty() || curve.lastKey() <= warmupEpochs) {
            return Optional.empty();
        }
        int epoch = curve.lastKey();
        List<Double> peers = new ArrayList<>();
        for (NavigableMap<Integer, Double> other : finished) {
            Double v = other.get(epoch);
            if (v != null && !v.isNaN()) {
                peers.add(v);
            }
        }
        if (peers.size() < startupTrials) {
            return Optional.empty();
        }
        peers.sort(Double::compare);
        int n = peers.size();
        double median = n % 2 == 1 ? peers.get(n / 2) : (peers.get(n / 2 - 1) + peers.get(n / 2)) / 2;
        double best = Double.NaN;
        for (double v : curve.values()) {
            if (objective.isBetter(v, best)) {
                best = v;
            }
        }
        if (Double.isNaN(best) || objective.isBetter(median, best)) {
            return Optional.of(String.format(Locale.ROOT, "pruned at epoch %d by the median rule: its best %s %.4g is"
                    + " worse than the median %.4g of %d completed trials at that epoch", epoch, objective.metric(),
                    best, median, n));
        }
        return Optional.empty();
    }
}
