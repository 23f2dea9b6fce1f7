package io.nightshift.agent.loop;

import io.nightshift.agent.planner.PlanningContext;
import io.nightshift.plugin.Objective;
import io.nightshift.plugin.PluginDescriptor;
import io.nightshift.store.Decision;
import io.nightshift.store.IdWindow;
import io.nightshift.store.MetricPoint;
import io.nightshift.store.Proposal;
import io.nightshift.store.ProposalStatus;
import io.nightshift.store.Question;
import io.nightshift.store.Store;
import io.nightshift.store.Trial;
import io.nightshift.store.TrialStatus;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * One question's proposals, trials, reviews and learning curves as the store has them, kept current
 * by reading only what may have changed since the last {@link #refresh()}: rows newer than any seen,
 * and the rows still open (a proposal awaiting review, a trial not finished), by id. Finished trials and decided
 * proposals never change, so a tick or a planning call costs what changed, not the whole history;
 * that is what keeps TPE at a few milliseconds per proposal with tens of thousands of trials.
 *
 * <p>It relies on ids growing in commit order within a question. They do: a question's proposals and
 * trials are created only by its tick, which Quartz never runs twice at once (also across a cluster).
 * The store stays the source of truth; a new history reads everything again.
 */
public final class QuestionHistory {

    private final Store store;
    private final long questionId;
    private final Objective objective;

    private final TreeMap<Long, Proposal> proposals = new TreeMap<>();
    private final TreeMap<Long, Trial> trials = new TreeMap<>();
    private final Map<Long, TreeMap<Integer, Trial>> attemptsByProposal = new HashMap<>();
    private final Map<Long, List<PlanningContext.Review>> reviews = new HashMap<>();
    private final Map<Long, PlanningContext.LearningCurve> curves = new HashMap<>();
    private final Set<Long> openProposals = new HashSet<>();
    private final Set<Long> openTrials = new HashSet<>();

    /**
     * What {@link #planningContext} shows of each proposal, in id order: a {@code PastTrial}, a
     * {@code Rejection}, or the parameters of a pending one. Kept current by {@link #refresh()} for
     * the proposals whose rows changed, so building a context is one pass over flat arrays.
     */
    private final TreeMap<Long, Object> view = new TreeMap<>();

    public QuestionHistory(Store store, long questionId, Objective objective) {
        this.store = store;
        this.questionId = questionId;
        this.objective = objective;
    }

    /** Reads what changed: rows from the oldest open one on, or past the newest seen. */
    public synchronized QuestionHistory refresh() {
        return store.withOneConnection(this::read);
    }

    private QuestionHistory read() {
        IdWindow proposalWindow = new IdWindow(lastId(proposals), openProposals);
        IdWindow trialWindow = new IdWindow(lastId(trials), openTrials);
        TreeSet<Long> changed = new TreeSet<>();

        for (Proposal p : store.proposals().forQuestion(questionId, proposalWindow)) {
            proposals.put(p.id(), p);
            changed.add(p.id());
            if (p.status() == ProposalStatus.PENDING) {
                openProposals.add(p.id());
            } else {
                openProposals.remove(p.id());
            }
        }
        Map<Long, List<PlanningContext.Review>> decided = new HashMap<>();
        for (Decision d : store.decisions().forQuestion(questionId, proposalWindow)) {
            decided.computeIfAbsent(d.proposalId(), id -> new ArrayList<>())
                    .add(new PlanningContext.Review(d.actor(), d.verdict().name(), d.reason() == null ? "" : d.reason()));
        }
        reviews.putAll(decided);
        changed.addAll(decided.keySet());

        for (Trial t : store.trials().forQuestion(questionId, trialWindow)) {
            trials.put(t.id(), t);
            changed.add(t.proposalId());
            attemptsByProposal.computeIfAbsent(t.proposalId(), id -> new TreeMap<>()).put(t.attempt(), t);
            if (t.status().terminal()) {
                openTrials.remove(t.id());
            } else {
                openTrials.add(t.id());
            }
        }
        Map<Long, TreeMap<Integer, Double>> points = new HashMap<>();
        for (MetricPoint m : store.metrics().forQuestion(questionId, objective.metric(), trialWindow)) {
            // The last value of each epoch: a curve per epoch, whatever the reporting interval.
            points.computeIfAbsent(m.trialId(), id -> new TreeMap<>()).put(m.epoch(), m.value());
        }
        points.forEach((trialId, byEpoch) -> {
            curves.put(trialId, curve(byEpoch));
            Trial t = trials.get(trialId);
            if (t != null) {
                changed.add(t.proposalId());
            }
        });
        updateView(changed);
        return this;
    }

    /** Recomputes what the context shows of the proposals whose rows changed. */
    private void updateView(TreeSet<Long> changed) {
        for (long id : changed) {
            Proposal p = proposals.get(id);
            if (p != null) { // else a trial or review of a proposal not read yet; updated when it is
                view.put(id, viewOf(p));
            }
        }
    }

    private Object viewOf(Proposal p) {
        if (p.status() == ProposalStatus.REJECTED) {
            // A reviewer's rejection has its decision (written with the status, in one transaction): who, and why.
            String by = reviews.getOrDefault(p.id(), List.of()).stream()
                    .filter(r -> r.verdict().equals(io.nightshift.store.Verdict.REJECT.name()))
                    .map(PlanningContext.Review::actor).reduce((a, b) -> b).orElse("");
            return new PlanningContext.Rejection(p.params(), p.planner(),
                    p.statusReason() == null ? "" : p.statusReason(), by);
        }
        Trial t = latest(p.id());
        if (t != null && t.status().terminal() && t.status() != TrialStatus.INTERRUPTED) {
            double value = t.objectiveValue() == null ? Double.NaN : t.objectiveValue();
            return new PlanningContext.PastTrial(p.params(), t.status().name(), value,
                    curves.getOrDefault(t.id(), PlanningContext.LearningCurve.NONE), p.hypothesis(),
                    reviews.getOrDefault(p.id(), List.of()));
        }
        return p.params();
    }

    public synchronized List<Proposal> proposals() {
        return List.copyOf(proposals.values());
    }

    public synchronized List<Trial> trials() {
        return List.copyOf(trials.values());
    }

    /** The newest attempt of the proposal, if it has one. */
    public synchronized Optional<Trial> latestTrial(long proposalId) {
        return Optional.ofNullable(latest(proposalId));
    }

    /** Every attempt of the proposal, oldest first. */
    public synchronized List<Trial> attempts(long proposalId) {
        TreeMap<Integer, Trial> attempts = attemptsByProposal.get(proposalId);
        return attempts == null ? List.of() : List.copyOf(attempts.values());
    }

    private Trial latest(long proposalId) {
        TreeMap<Integer, Trial> attempts = attemptsByProposal.get(proposalId);
        return attempts == null ? null : attempts.lastEntry().getValue();
    }

    /**
     * What a planner may see: finished trials with their validation objective, its learning curve and
     * the reviews of their proposals; pending configurations; earlier rejections with reasons. Test
     * metrics are never part of it.
     */
    public synchronized PlanningContext planningContext(Question question, PluginDescriptor plugin) {
        List<PlanningContext.PastTrial> history = new ArrayList<>(view.size());
        List<Map<String, Object>> pending = new ArrayList<>();
        List<PlanningContext.Rejection> rejected = new ArrayList<>();
        for (Object v : view.values()) {
            if (v instanceof PlanningContext.PastTrial t) {
                history.add(t);
            } else if (v instanceof PlanningContext.Rejection r) {
                rejected.add(r);
            } else {
                @SuppressWarnings("unchecked")
                Map<String, Object> params = (Map<String, Object>) v;
                pending.add(params);
            }
        }
        int left = question.maxTrials() - history.size();
        return new PlanningContext(question.id(), question.text(), plugin, history, pending, rejected, left);
    }

    private PlanningContext.LearningCurve curve(TreeMap<Integer, Double> byEpoch) {
        double first = Double.NaN;
        double best = Double.NaN;
        int bestEpoch = 0;
        double last = Double.NaN;
        int lastEpoch = 0;
        for (Map.Entry<Integer, Double> e : byEpoch.entrySet()) {
            if (Double.isNaN(first)) {
                first = e.getValue();
            }
            if (objective.isBetter(e.getValue(), best)) {
                best = e.getValue();
                bestEpoch = e.getKey();
            }
            last = e.getValue();
            lastEpoch = e.getKey();
        }
        return new PlanningContext.LearningCurve(byEpoch.size(), first, best, bestEpoch, last, lastEpoch);
    }

    private static long lastId(TreeMap<Long, ?> rows) {
        return rows.isEmpty() ? 0 : rows.lastKey();
    }

}
