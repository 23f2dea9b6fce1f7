package io.nightshift.agent.loop;

import static org.assertj.core.api.Assertions.assertThat;

import io.nightshift.agent.planner.PlannerFactory;
import io.nightshift.agent.plugins.PluginRegistry;
import io.nightshift.agent.review.AutoApprovePolicy;
import io.nightshift.store.ProposalStatus;
import io.nightshift.store.Question;
import io.nightshift.store.QuestionStatus;
import io.nightshift.store.Store;
import io.nightshift.store.Trial;
import io.nightshift.store.TrialStatus;
import io.nightshift.store.Verdict;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The loop's decisions on a real H2 file, with a recording scheduler in place of Quartz. */
class ResearchLoopTest {

    @TempDir
    Path temp;

    Store store;
    final List<Long> scheduled = new ArrayList<>();
    final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T20:00:00Z"));
    ResearchLoop loop;

    static final class MutableClock extends Clock {
        Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @BeforeEach
    void setUp() {
        store = Store.open(Store.h2FileUrl(temp.resolve("db")), "sa", "test");
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
        loop = new ResearchLoop(store, PluginRegistry.load(temp.resolve("no-plugins")), PlannerFactory::create,
                new AutoApprovePolicy(), recorder, new LoopSettings(2, 3, Duration.ofSeconds(30), temp), clock);
    }

    @AfterEach
    void tearDown() {
        store.close();
    }

    private Question question(int maxTrials) {
        return store.questions().create("scripted", "Does scripting work?", "random", maxTrials, 10, 42);
    }

    @Test
    void firstTickProposesApprovesAndQueuesOneTrialPerWorkerSlotAndOneAhead() {
        Question q = question(5);

        assertThat(loop.tick(q.id())).isFalse();

        var proposals = store.proposals().forQuestion(q.id());
        assertThat(proposals).as("2 slots + 1 planned ahead").hasSize(3).allSatisfy(p -> {
            assertThat(p.status()).isEqualTo(ProposalStatus.APPROVED);
            assertThat(p.planner()).isEqualTo("random");
            assertThat(store.decisions().forProposal(p.id())).singleElement()
                    .satisfies(d -> assertThat(d.verdict()).isEqualTo(Verdict.APPROVE));
        });
        List<Trial> trials = store.trials().forQuestion(q.id());
        assertThat(trials).extracting(Trial::status).containsOnly(TrialStatus.QUEUED);
        assertThat(scheduled).containsExactlyInAnyOrderElementsOf(trials.stream().map(Trial::id).toList());
        assertThat(proposals.get(0).params()).isNotEqualTo(proposals.get(1).params());

        // Nothing new while both slots and the one ahead are taken.
        loop.tick(q.id());
        assertThat(store.proposals().forQuestion(q.id())).hasSize(3);
    }

    @Test
    void interruptedTrialRunsAgainWithTheSameSeedAndFinishedOnesAreKept() {
        Question q = question(2);
        loop.tick(q.id());
        List<Trial> trials = store.trials().forQuestion(q.id());
        Trial done = trials.get(0);
        Trial cut = trials.get(1);
        store.trials().markRunning(done.id(), "test", clock.now);
        store.trials().complete(done.id(), 0.9, Map.of("score", 0.9), clock.now);
        store.trials().markRunning(cut.id(), "test", clock.now);

        // The controller died: no heartbeat for longer than stale-after.
        clock.now = clock.now.plusSeconds(31);
        loop.tick(q.id());

        assertThat(store.trials().find(cut.id()).orElseThrow().status()).isEqualTo(TrialStatus.INTERRUPTED);
        assertThat(store.trials().find(done.id()).orElseThrow().status()).isEqualTo(TrialStatus.COMPLETED);
        Trial retry = store.trials().forQuestion(q.id()).stream().filter(t -> t.attempt() == 2).findFirst().orElseThrow();
        assertThat(retry.proposalId()).isEqualTo(cut.proposalId());
        assertThat(retry.seed()).isEqualTo(cut.seed());
        assertThat(retry.status()).isEqualTo(TrialStatus.QUEUED);
        assertThat(scheduled).contains(retry.id());
        assertThat(store.proposals().forQuestion(q.id())).hasSize(2);

        store.trials().markRunning(retry.id(), "test", clock.now);
        store.trials().complete(retry.id(), 0.95, Map.of("score", 0.95), clock.now);
        assertThat(loop.tick(q.id())).isTrue();
        assertThat(store.questions().find(q.id()).orElseThrow().status()).isEqualTo(QuestionStatus.DONE);
    }

    @Test
    void failedTrialsCountTowardTheBudgetAndAreNotRetried() {
        Question q = question(2);
        loop.tick(q.id());
        for (Trial t : store.trials().forQuestion(q.id())) {
            store.trials().markRunning(t.id(), "test", clock.now);
            store.trials().fail(t.id(), "boom", clock.now);
        }
        assertThat(loop.tick(q.id())).isTrue();
        assertThat(store.trials().forQuestion(q.id())).hasSize(2);
    }
}
