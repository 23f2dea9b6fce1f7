package io.nightshift.agent.query;

import io.nightshift.store.Artifact;
import io.nightshift.store.ArtifactRepository;
import io.nightshift.store.Decision;
import io.nightshift.store.MetricPoint;
import io.nightshift.store.Proposal;
import io.nightshift.store.Question;
import io.nightshift.store.Store;
import io.nightshift.store.Trial;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** One trial whole, and learning curves: the queries behind {@code nightshift trial N} and {@code status --curves}. */
public final class TrialQueries {

    private final Store store;

    public TrialQueries(Store store) {
        this.store = store;
    }

    /** A trial with everything kept about it. */
    public record TrialDetail(Trial trial, Question question, Proposal proposal, List<Decision> decisions,
                              Map<String, List<MetricPoint>> curves, List<ArtifactRepository.LogLine> log,
                              List<Artifact> artifacts) {}

    public Optional<TrialDetail> trial(long id) {
        return store.withOneConnection(() -> store.trials().find(id).map(t -> new TrialDetail(t,
                store.questions().find(t.questionId()).orElseThrow(),
                store.proposals().find(t.proposalId()).orElseThrow(),
                store.decisions().forProposal(t.proposalId()),
                curves(t.id()),
                store.artifacts().logFor(t.id()),
                store.artifacts().forTrial(t.id()))));
    }

    /** The trial's metrics by name, each in the order reported. */
    public Map<String, List<MetricPoint>> curves(long trialId) {
        Map<String, List<MetricPoint>> byName = new LinkedHashMap<>();
        for (MetricPoint p : store.metrics().forTrial(trialId)) {
            byName.computeIfAbsent(p.name(), n -> new java.util.ArrayList<>()).add(p);
        }
        return byName;
    }
}
