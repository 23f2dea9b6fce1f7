package io.nightshift.agent.study.findings;

import io.nightshift.agent.query.StudyQueries;
import io.nightshift.plugin.Objective;
import io.nightshift.plugin.StudyDesign;
import io.nightshift.store.Finding;
import io.nightshift.store.Question;
import io.nightshift.store.Store;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Writes a finished study's findings to the store: computed from its completed trials, checked, with a language
 * model's checked prose on top when one is given, and stored in one transaction in place of any earlier findings
 * of the question (so writing them again, e.g. after more trials, gives one account, never two).
 */
public final class StudyFindings {

    private final Store store;
    private final StudyQueries queries;

    public StudyFindings(Store store) {
        this.store = Objects.requireNonNull(store, "store");
        this.queries = new StudyQueries(store);
    }

    /** The computed findings only. */
    public List<Finding> write(Question question, StudyDesign design, Objective objective) {
        return write(question, design, objective, null);
    }

    /**
     * @param design the question's design ({@link StudyDesign.Optimise#whole()} for a question made before designs)
     * @param prose  the model's prose on top of the computed findings; null for none
     * @return the stored findings: the computed ones first, then the model's
     */
    public List<Finding> write(Question question, StudyDesign design, Objective objective, FindingsProse prose) {
        List<Observation> observations = queries.observations(question.id());
        Set<Long> trialIds = queries.trialIds(question.id());
        List<Finding.New> computed = FindingsWriter.write(design, objective, observations, trialIds);
        List<Finding.New> all = new ArrayList<>(computed);
        if (prose != null) {
            FindingsCheck.Facts facts = FindingsWriter.facts(design, objective, observations, trialIds, computed);
            all.addAll(prose.write(question.id(), question.text(), objective, computed, facts));
        }
        return store.findings().replace(question.id(), all);
    }
}
