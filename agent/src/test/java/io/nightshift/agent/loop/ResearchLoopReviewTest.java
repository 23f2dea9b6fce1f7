package io.nightshift.agent.loop;

import static org.assertj.core.api.Assertions.assertThat;

import io.nightshift.agent.planner.PlannerFactory;
import io.nightshift.agent.planner.PlanningContext;
import io.nightshift.agent.planner.llm.PromptBuilder;
import io.nightshift.agent.plugins.PluginRegistry;
import io.nightshift.agent.review.AutoApprovePolicy;
import io.nightshift.agent.review.AutoWithLimitsPolicy;
import io.nightshift.agent.review.ReviewDesk;
import io.nightshift.agent.worker.TinyPlugin;
import io.nightshift.store.Proposal;
import io.nightshift.store.ProposalStatus;
import io.nightshift.store.Question;
import io.nightshift.store.QuestionOrigin;
import io.nightshift.store.QuestionRepository;
import io.nightshift.store.QuestionStatus;
import io.nightshift.store.Store;
import io.nightshift.store.Trial;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The loop under each question's review policy, on a real H2 file, with a recording scheduler in place of Quartz. */
class ResearchLoopReviewTest {

    @TempDir
    Path temp;

    Store store;
    PluginRegistry plugins;
    ResearchLoop loop;
    final List<Long> scheduled = new ArrayList<>();

    @BeforeEach
    void setUp() {
        store = Store.open(Store.h2FileUrl(temp.resolve("db")), "sa", "test");
        plugins = PluginRegistry.load(temp.resolve("no-plugins"));
        TrialScheduler recorder = new TrialScheduler() {
            @Override
            public void schedule(long questionId, long trialId) {
                scheduled.add(trialId);
            }

            @Override
            public boolean isScheduled(long trialId) {
                return scheduled.contains(trialId);
            }
        };
        // The loop's default is auto, as run passes it; the questions below name their own policies.
        loop = new ResearchLoop(store, plugins, PlannerFactory::create, new AutoApprovePolicy(), recorder,
                new LoopSettings(2, 3, Duration.ofSeconds(30), temp), Clock.systemUTC());
    }

    @AfterEach
    void tearDown() {
        store.close();
    }

    private Question question(String policy, int maxTrials) {
        return store.questions().create(new QuestionRepository.NewQuestion("tiny", "Does review work?", "random",
                maxTrials, 60, 42, QuestionStatus.ACTIVE, null, QuestionOrigin.PERSON, policy));
    }

    @Test
    void manualProposalsWaitWithoutReplanningAndADecisionFromElsewhereIsPickedUpOnTheNextTick() {
        Question q = question("manual", 5);

        loop.tick(q.id());
        List<Proposal> first = store.proposals().forQuestion(q.id());
        assertThat(first).as("2 slots + 1 ahead, all waiting").hasSize(3)
                .allSatisfy(p -> assertThat(p.status()).isEqualTo(ProposalStatus.PENDING));
        assertThat(store.trials().forQuestion(q.id())).isEmpty();
        // Waiting costs nothing: more ticks plan nothing more and write nothing.
        for (int i = 0; i < 5; i++) {
            assertThat(loop.tick(q.id())).isFalse();
        }
        assertThat(store.proposals().forQuestion(q.id())).hasSize(3);
        assertThat(store.decisions().forQuestion(q.id(), io.nightshift.store.IdWindow.all())).isEmpty();

        // A person decides, through another store (as the CLI in another process would).
        try (Store cli = Store.open(Store.h2FileUrl(temp.resolve("db")), "sa", "test")) {
            ReviewDesk desk = new ReviewDesk(cli, plugins, Clock.systemUTC());
            desk.approve(first.get(0).id(), "alice", null);
            desk.reject(first.get(1).id(), "alice", "x is too small to teach us anything");
        }
        loop.tick(q.id());

        List<Trial> trials = store.trials().forQuestion(q.id());
        assertThat(trials).singleElement().satisfies(t -> assertThat(t.proposalId()).isEqualTo(first.get(0).id()));
        assertThat(scheduled).containsExactly(trials.get(0).id());
        assertThat(store.proposals().find(first.get(2).id()).orElseThrow().status()).isEqualTo(ProposalStatus.PENDING);

        // The rejection, with who made it, is in what the planner sees next, and in a language model's prompt.
        PlanningContext context = loop.history(q).planningContext(q, new TinyPlugin().descriptor());
        assertThat(context.rejected()).singleElement().satisfies(r -> {
            assertThat(r.parameters()).isEqualTo(first.get(1).params());
            assertThat(r.reason()).isEqualTo("x is too small to teach us anything");
            assertThat(r.rejectedBy()).isEqualTo("alice");
        });
        assertThat(new PromptBuilder(20).build(context, 1, List.of()).user())
                .contains("rejected by reviewer alice: x is too small to teach us anything");
    }

    @Test
    void autoWithLimitsApprovesWhatFitsAndHoldsTheRestForAPerson() {
        long limit = TinyPlugin.parameters(200);
        Question q = question("auto-with-limits:max-params=" + limit, 30);
        // Many rounds of random proposals over widths 1..4096 (log scale): some fit, some do not.
        for (int i = 0; i < 8; i++) {
            loop.tick(q.id());
            for (Trial t : store.trials().forQuestion(q.id())) {
                if (t.status() == io.nightshift.store.TrialStatus.QUEUED) {
                    store.trials().markRunning(t.id(), "test", java.time.Instant.now());
                    store.trials().complete(t.id(), 0.5, java.util.Map.of("score", 0.5), java.time.Instant.now());
                }
            }
        }
        List<Proposal> proposals = store.proposals().forQuestion(q.id());
        List<Proposal> approved = proposals.stream().filter(p -> p.status() == ProposalStatus.APPROVED).toList();
        List<Proposal> held = proposals.stream().filter(p -> p.status() == ProposalStatus.PENDING).toList();
        assertThat(approved).isNotEmpty().allSatisfy(p -> {
            assertThat(TinyPlugin.parameters((Integer) p.params().get("width"))).isLessThanOrEqualTo(limit);
            assertThat(store.decisions().forProposal(p.id())).singleElement().satisfies(d -> {
                assertThat(d.actor()).isEqualTo(AutoWithLimitsPolicy.ACTOR);
                assertThat(d.reason()).contains("parameters <= max-params " + String.format("%,d", limit));
            });
        });
        assertThat(held).isNotEmpty().allSatisfy(p -> {
            assertThat(TinyPlugin.parameters((Integer) p.params().get("width"))).isGreaterThan(limit);
            assertThat(store.decisions().forProposal(p.id())).isEmpty();
        });
        assertThat(store.trials().forQuestion(q.id())).extracting(Trial::proposalId)
                .containsExactlyInAnyOrderElementsOf(approved.stream().map(Proposal::id).toList());
    }
}
