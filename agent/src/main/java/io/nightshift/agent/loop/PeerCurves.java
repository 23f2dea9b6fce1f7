package io.nightshift.agent.loop;

import io.nightshift.store.IdWindow;
import io.nightshift.store.MetricPoint;
import io.nightshift.store.Store;
import io.nightshift.store.Trial;
import io.nightshift.store.TrialStatus;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;

/**
 * The learning curves of one question's trials (the objective's last value per epoch), for its pruning rule. A
 * trial reports every epoch and each report is judged against its peers, so reading the whole question each time
 * would cost a query over all its metric rows per epoch: this reads only the trials past the newest seen and those
 * still open, as {@link QuestionHistory} does for the planner.
 */
final class PeerCurves {

    /** The peers of one trial at one moment: every other curve, and those of trials that completed. */
    record Peers(List<NavigableMap<Integer, Double>> all, List<NavigableMap<Integer, Double>> completed) {}

    private final Store store;
    private final long questionId;
    private final String metric;
    private final Map<Long, TrialStatus> statuses = new HashMap<>();
    private final Set<Long> open = new HashSet<>();
    private final Map<Long, TreeMap<Integer, Double>> curves = new HashMap<>();
    private long newest;

    PeerCurves(Store store, long questionId, String metric) {
        this.store = store;
        this.questionId = questionId;
        this.metric = metric;
    }

    /** Reads what changed, then the peers of {@code trialId}. */
    synchronized Peers peersOf(long trialId) {
        store.withOneConnection(this::read);
        List<NavigableMap<Integer, Double>> all = new ArrayList<>();
        List<NavigableMap<Integer, Double>> completed = new ArrayList<>();
        curves.forEach((id, curve) -> {
            if (id != trialId && !curve.isEmpty()) {
                all.add(curve);
                if (statuses.get(id) == TrialStatus.COMPLETED) {
                    completed.add(curve);
                }
            }
        });
        return new Peers(all, completed);
    }

    private Void read() {
        IdWindow window = new IdWindow(newest, open);
        for (Trial t : store.trials().forQuestion(questionId, window)) {
            statuses.put(t.id(), t.status());
            newest = Math.max(newest, t.id());
            if (t.status().terminal()) {
                open.remove(t.id());
            } else {
                open.add(t.id());
            }
        }
        Map<Long, TreeMap<Integer, Double>> fresh = new HashMap<>();
        for (MetricPoint p : store.metrics().forQuestion(questionId, metric, window)) {
            if (p.epoch() > 0) {
                // The last value of each epoch, whatever the reporting interval.
                fresh.computeIfAbsent(p.trialId(), id -> new TreeMap<>()).put(p.epoch(), p.value());
            }
        }
        curves.putAll(fresh);
        return null;
    }
}
