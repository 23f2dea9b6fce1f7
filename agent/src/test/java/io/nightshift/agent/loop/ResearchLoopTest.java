package io.nightshift.agent.loop;

import static org.assertj.core.api.Assertions.assertThat;

import io.nightshift.agent.planner.PlannerFactory;
import io.nightshift.agent.plugins.PluginRegistry;
import io.nightshift.agent.review.AutoApprovePolicy;
import io.nightshift.store.ProposalStatus;
import io.nightshift.store.EndCause;
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

    @Test
    void aControllerKilledAgainAndAgainDoesNotUseUpTheExperimentsAttempts() {
        // max-attempts is 3; the controller dies under the same experiment five times.
        Question q = question(1);
        loop.tick(q.id());
        long proposalId = store.trials().forQuestion(q.id()).get(0).proposalId();
        for (int kill = 1; kill <= 5; kill++) {
            Trial queued = latest(q, proposalId);
            assertThat(queued.status()).as("attempt %d queued", kill).isEqualTo(TrialStatus.QUEUED);
            store.trials().markRunning(queued.id(), "dead-controller", clock.now);
            clock.now = clock.now.plusSeconds(31);
            assertThat(loop.tick(q.id())).as("question still open after kill %d", kill).isFalse();
        }
        Trial sixth = latest(q, proposalId);
        assertThat(sixth.attempt()).isEqualTo(6);
        assertThat(store.trials().forQuestion(q.id())).filteredOn(t -> t.status() == TrialStatus.INTERRUPTED)
                .hasSize(5).allSatisfy(t -> assertThat(t.endCause()).isEqualTo(EndCause.CONTROLLER_LOST));
    }

    @Test
    void aLostWorkerIsRetriedUpToMaxAttemptsAndAPluginErrorIsNot() {
        Question q = question(2);
        loop.tick(q.id());
        List<Trial> first = store.trials().forQuestion(q.id());
        long lostProposal = first.get(0).proposalId();
        long brokenProposal = first.get(1).proposalId();
        store.trials().markRunning(first.get(1).id(), "test", clock.now);
        store.trials().fail(first.get(1).id(), EndCause.PLUGIN_ERROR, "boom", clock.now);
        for (int attempt = 1; attempt <= 3; attempt++) {
            Trial t = latest(q, lostProposal);
            assertThat(t.attempt()).isEqualTo(attempt);
            store.trials().markRunning(t.id(), "test", clock.now);
            store.trials().fail(t.id(), EndCause.WORKER_LOST, "worker exited mid-trial", clock.now);
            loop.tick(q.id());
        }
        assertThat(latest(q, lostProposal).attempt()).as("given up after 3 attempts").isEqualTo(3);
        assertThat(store.trials().forQuestion(q.id()).stream().filter(t -> t.proposalId() == brokenProposal))
                .as("a plugin error is not retried").hasSize(1);
        assertThat(store.questions().find(q.id()).orElseThrow().status()).isEqualTo(QuestionStatus.DONE);
    }

    @Test
    void theOnlyControllerOnAnH2FileRerunsItsPredecessorsTrialsAtOnceButNeverItsOwn() {
        java.util.Set<Long> runningHere = new java.util.HashSet<>();
        ResearchLoop sole = new ResearchLoop(store, PluginRegistry.load(temp.resolve("no-plugins")),
                PlannerFactory::create, new AutoApprovePolicy(), new TrialScheduler() {
                    @Override
                    public void schedule(long questionId, long trialId) {
                        scheduled.add(trialId);
                    }

                    @Override
                    public boolean isScheduled(long trialId) {
                        return scheduled.contains(trialId);
                    }
                }, new LoopSettings(2, 3, Duration.ofSeconds(30), temp, 0, true), clock, new RunningTrials() {
                    @Override
                    public boolean isRunningHere(long trialId) {
                        return runningHere.contains(trialId);
                    }

                    @Override
                    public boolean cancel(long trialId, String reason) {
                        return false;
                    }
                });
        Question q = question(2);
        sole.tick(q.id());
        List<Trial> trials = store.trials().forQuestion(q.id());
        Trial orphan = trials.get(0);
        Trial mine = trials.get(1);
        store.trials().markRunning(orphan.id(), "host:111", clock.now);
        store.trials().markRunning(mine.id(), "host:222", clock.now);
        runningHere.add(mine.id());

        // No time passes: the predecessor's trial is recognised at once, this process's own is left alone.
        sole.tick(q.id());

        assertThat(store.trials().find(orphan.id()).orElseThrow())
                .extracting(Trial::status, Trial::endCause)
                .containsExactly(TrialStatus.INTERRUPTED, EndCause.CONTROLLER_LOST);
        assertThat(store.trials().find(mine.id()).orElseThrow().status()).isEqualTo(TrialStatus.RUNNING);
        assertThat(latest(q, orphan.proposalId()).status()).isEqualTo(TrialStatus.QUEUED);
    }

    @Test
    void aSpentTimeBudgetCancelsWhatHasNotStartedLetsTheRunningFinishThenStopsTheQuestionSayingWhy() {
        java.util.Map<Long, String> cancelled = new java.util.HashMap<>();
        java.util.Set<Long> here = new java.util.HashSet<>();
        RunningTrials running = new RunningTrials() {
            @Override
            public boolean isRunningHere(long trialId) {
                return here.contains(trialId);
            }

            @Override
            public boolean cancel(long trialId, String reason) {
                cancelled.put(trialId, reason);
                return true;
            }
        };
        ResearchLoop budgeted = new ResearchLoop(store, PluginRegistry.load(temp.resolve("no-plugins")),
                PlannerFactory::create, new AutoApprovePolicy(), new TrialScheduler() {
                    @Override
                    public void schedule(long questionId, long trialId) {
                        scheduled.add(trialId);
                    }

                    @Override
                    public boolean isScheduled(long trialId) {
                        return scheduled.contains(trialId);
                    }
                }, new LoopSettings(1, 3, Duration.ofSeconds(30), temp, 1, false, true, LoopSettings.DEFAULT_OVERRUN,
                        LoopSettings.DEFAULT_CANCEL_GRACE), clock, running);
        Question q = question(10);
        store.questions().markStarted(q.id(), clock.now);
        store.questions().setBudget(q.id(), null, Duration.ofMinutes(30));
        budgeted.tick(q.id());
        List<Trial> trials = store.trials().forQuestion(q.id());
        assertThat(trials).hasSize(2);
        store.trials().markRunning(trials.get(0).id(), "here", clock.now);
        here.add(trials.get(0).id());

        clock.now = clock.now.plus(Duration.ofMinutes(31));
        assertThat(budgeted.tick(q.id())).as("a trial still runs").isFalse();
        assertThat(store.trials().find(trials.get(1).id()).orElseThrow())
                .extracting(Trial::status, Trial::error)
                .containsExactly(TrialStatus.CANCELLED, "stopped: its wall-clock budget of 30 min was spent");
        assertThat(cancelled).containsOnlyKeys(trials.get(0).id());
        assertThat(store.proposals().forQuestion(q.id())).as("nothing new planned").hasSize(2);

        store.trials().cancel(trials.get(0).id(), cancelled.get(trials.get(0).id()), clock.now);
        here.clear();
        assertThat(budgeted.tick(q.id())).isTrue();
        Question stopped = store.questions().find(q.id()).orElseThrow();
        assertThat(stopped.status()).isEqualTo(QuestionStatus.DONE);
        assertThat(stopped.stopReason()).isEqualTo("its wall-clock budget of 30 min was spent");
    }

    private Trial latest(Question q, long proposalId) {
        return store.trials().forQuestion(q.id()).stream().filter(t -> t.proposalId() == proposalId)
                .max(java.util.Comparator.comparingInt(Trial::attempt)).orElseThrow();
    }
}
