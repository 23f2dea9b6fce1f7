package io.nightshift.agent.loop;

import static org.assertj.core.api.Assertions.assertThat;

import io.nightshift.agent.planner.PlanningContext;
import io.nightshift.plugin.Objective;
import io.nightshift.plugin.PluginDescriptor;
import io.nightshift.plugin.SearchSpace;
import io.nightshift.store.Proposal;
import io.nightshift.store.ProposalStatus;
import io.nightshift.store.Question;
import io.nightshift.store.Store;
import io.nightshift.store.Trial;
import io.nightshift.store.Verdict;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The incremental reads see every change the loop cares about, on a real H2 file. */
class QuestionHistoryTest {

    static final Instant NOW = Instant.parse("2026-11-23T22:00:00Z");
    static final PluginDescriptor PLUGIN = new PluginDescriptor("h", "history test", null,
            SearchSpace.builder().floatParam("x", 0, 1).build(), Objective.maximize("score"), List.of());

    @TempDir
    Path temp;

    Store store;
    Question question;
    QuestionHistory history;

    @BeforeEach
    void setUp() {
        store = Store.open(Store.h2FileUrl(temp.resolve("db")), "sa", "test");
        question = store.questions().create("h", "q", "tpe", 10, 5, 1);
        history = new QuestionHistory(store, question.id(), PLUGIN.objective());
    }

    @AfterEach
    void tearDown() {
        store.close();
    }

    private Trial approvedAndRunning(double x) {
        Proposal p = store.proposals().create(question.id(), Map.of("x", x), "tpe", "", "h");
        store.decisions().record(p.id(), "auto-approve", Verdict.APPROVE, "ok", NOW);
        store.proposals().setStatus(p.id(), ProposalStatus.APPROVED, "ok");
        Trial t = store.trials().create(question.id(), p.id(), 1, 1);
        store.trials().markRunning(t.id(), "w", NOW);
        return t;
    }

    @Test
    void changesToOpenRowsAndNewRowsAreSeenAndFinishedTrialsKeepTheirCurves() {
        Trial first = approvedAndRunning(0.1);
        Proposal pending = store.proposals().create(question.id(), Map.of("x", 0.9), "tpe", "", "");
        PlanningContext before = history.refresh().planningContext(question, PLUGIN);
        assertThat(before.history()).isEmpty();
        assertThat(before.pending()).containsExactlyInAnyOrder(Map.of("x", 0.1), Map.of("x", 0.9));

        store.metrics().add(first.id(), "score", 1, 10, 0.3, NOW);
        store.metrics().add(first.id(), "score", 2, 20, 0.5, NOW);
        store.trials().complete(first.id(), 0.5, Map.of("score", 0.5), NOW);
        store.proposals().setStatus(pending.id(), ProposalStatus.REJECTED, "too big");
        Trial second = approvedAndRunning(0.2);

        PlanningContext after = history.refresh().planningContext(question, PLUGIN);
        assertThat(after.history()).singleElement().satisfies(t -> {
            assertThat(t.parameters()).isEqualTo(Map.of("x", 0.1));
            assertThat(t.objective()).isEqualTo(0.5);
            assertThat(t.curve().points()).isEqualTo(2);
            assertThat(t.curve().first()).isEqualTo(0.3);
            assertThat(t.reviews()).extracting(PlanningContext.Review::verdict).containsExactly("APPROVE");
        });
        assertThat(after.rejected()).extracting(PlanningContext.Rejection::reason).containsExactly("too big");
        assertThat(after.pending()).containsExactly(Map.of("x", 0.2));
        assertThat(history.latestTrial(second.proposalId())).map(Trial::id).contains(second.id());

        // A retry of an interrupted trial replaces it as the proposal's latest attempt.
        store.trials().interrupt(second.id(), "stopped", NOW);
        Trial retry = store.trials().create(question.id(), second.proposalId(), 2, 1);
        history.refresh();
        assertThat(history.latestTrial(second.proposalId())).map(Trial::id).contains(retry.id());
        assertThat(history.trials()).extracting(Trial::id).containsExactly(first.id(), second.id(), retry.id());

        // A fresh history reads everything and agrees.
        QuestionHistory fresh = new QuestionHistory(store, question.id(), PLUGIN.objective()).refresh();
        assertThat(fresh.planningContext(question, PLUGIN)).isEqualTo(history.planningContext(question, PLUGIN));
    }
}
