package io.nightshift.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every supported database must do. Subclasses say which database; tests must not assume the tables are
 * empty (the PostgreSQL subclass shares one schema across the class), so they only look at rows they made.
 */
abstract class StoreContractTest {

    /** Microseconds on purpose: both databases keep them, so the clock's instants must read back exactly. */
    static final Instant NOW = Instant.parse("2025-03-30T01:30:00.123456Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    static final List<String> QUARTZ_TABLES = List.of("QRTZ_JOB_DETAILS", "QRTZ_TRIGGERS", "QRTZ_SIMPLE_TRIGGERS",
            "QRTZ_CRON_TRIGGERS", "QRTZ_SIMPROP_TRIGGERS", "QRTZ_BLOB_TRIGGERS", "QRTZ_CALENDARS",
            "QRTZ_PAUSED_TRIGGER_GRPS", "QRTZ_FIRED_TRIGGERS", "QRTZ_SCHEDULER_STATE", "QRTZ_LOCKS");

    protected Store store;

    protected abstract String jdbcUrl();

    protected abstract String user();

    protected abstract String password();

    protected abstract Vendor expectedVendor();

    protected Store openStore() {
        return Store.open(jdbcUrl(), user(), password(), CLOCK);
    }

    @BeforeEach
    void openStoreForTest() {
        store = openStore();
    }

    @AfterEach
    void closeStore() {
        if (store != null) {
            store.close();
        }
    }

    @Test
    void describesItself() {
        assertThat(store.vendor()).isEqualTo(expectedVendor());
        assertThat(store.jdbcUrl()).isEqualTo(jdbcUrl());
        assertThat(store.dataSource()).isNotNull();
    }

    @Test
    void createsTheQuartzJobStoreTables() throws Exception {
        try (Connection c = store.dataSource().getConnection(); Statement s = c.createStatement()) {
            for (String table : QUARTZ_TABLES) {
                try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
                    assertThat(rs.next()).as(table).isTrue();
                }
            }
        }
    }

    @Test
    void aQuartzJdbcJobStoreRunsJobsOnTheStore() throws Exception {
        String schedulerName = "contract-" + getClass().getSimpleName() + "-" + System.nanoTime();

        assertThat(QuartzOnStore.runsAJob(store, schedulerName)).as("the job fired").isTrue();
    }

    @Test
    void questionsAreCreatedFoundAndFinished() {
        Question q = store.questions().create("mnist", "Which learning rate? " + System.nanoTime(), "tpe", 20, 600, 42L);

        assertThat(q.id()).isPositive();
        assertThat(q).isEqualTo(new Question(q.id(), "mnist", q.text(), "tpe", 20, 600, 42L, QuestionStatus.ACTIVE,
                NOW, null, null, QuestionOrigin.PERSON, null, null, null, null));
        assertThat(store.questions().find(q.id())).contains(q);
        assertThat(store.questions().findActive("mnist", q.text())).contains(q);
        assertThat(store.questions().findActive("cifar", q.text())).isEmpty();
        assertThat(store.questions().all()).contains(q);

        Instant finished = NOW.plusSeconds(3600);
        store.questions().finish(q.id(), finished);
        store.questions().finish(q.id(), finished.plusSeconds(1));

        Question done = store.questions().find(q.id()).orElseThrow();
        assertThat(done.status()).isEqualTo(QuestionStatus.DONE);
        assertThat(done.finishedAt()).isEqualTo(finished);
        assertThat(store.questions().findActive("mnist", q.text())).isEmpty();
    }

    @Test
    void onlyOneQuestionWithAPluginAndTextIsActive() {
        String text = "Does dropout help? " + System.nanoTime();
        Question first = store.questions().create("mnist", text, "random", 5, 60, 1L);

        assertThatThrownBy(() -> store.questions().create("mnist", text, "random", 5, 60, 2L))
                .isInstanceOf(DuplicateKeyException.class);
        assertThat(store.questions().create("cifar", text, "random", 5, 60, 2L).id()).as("other plugin").isNotEqualTo(first.id());

        store.questions().finish(first.id(), NOW);
        Question again = store.questions().create("mnist", text, "random", 5, 60, 3L);
        assertThat(again.id()).as("a finished question frees its text").isNotEqualTo(first.id());
        assertThat(store.questions().findActive("mnist", text)).contains(again);
    }

    @Test
    void questionsStartedTogetherByManyCallersAreOneQuestion() throws Exception {
        String text = "Started twice? " + System.nanoTime();
        int callers = 8;
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        try {
            List<Future<QuestionRepository.Started>> starts = new ArrayList<>();
            for (int i = 0; i < callers; i++) {
                starts.add(pool.submit(() -> {
                    go.await();
                    return store.questions().createOrContinue("mnist", text, "tpe", 4, 30, 42L);
                }));
            }
            go.countDown();
            List<QuestionRepository.Started> results = new ArrayList<>();
            for (Future<QuestionRepository.Started> f : starts) {
                results.add(f.get());
            }

            assertThat(results).extracting(r -> r.question().id()).containsOnly(results.get(0).question().id());
            assertThat(results).filteredOn(QuestionRepository.Started::created).hasSize(1);
            assertThat(store.questions().all()).filteredOn(q -> q.text().equals(text)).hasSize(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void questionsMoveThroughTheirLifecycleOnlyFromTheExpectedState() {
        String text = "Lifecycle? " + System.nanoTime();
        Question candidate = store.questions().create(new QuestionRepository.NewQuestion("mnist", text, "tpe", 4, 30,
                1L, QuestionStatus.CANDIDATE, "{\"kind\":\"optimise\"}", QuestionOrigin.PLUGIN, "manual"));
        assertThat(candidate).extracting(Question::status, Question::origin, Question::design, Question::reviewPolicy)
                .containsExactly(QuestionStatus.CANDIDATE, QuestionOrigin.PLUGIN, "{\"kind\":\"optimise\"}", "manual");

        assertThat(store.questions().move(candidate.id(), QuestionStatus.QUEUED, QuestionStatus.ACTIVE)).isFalse();
        assertThat(store.questions().move(candidate.id(), QuestionStatus.CANDIDATE, QuestionStatus.QUEUED)).isTrue();
        assertThat(store.questions().move(candidate.id(), QuestionStatus.CANDIDATE, QuestionStatus.QUEUED))
                .as("a second chooser loses").isFalse();
        assertThat(store.questions().nextQueued()).isPresent();
        assertThat(store.questions().move(candidate.id(), QuestionStatus.QUEUED, QuestionStatus.ACTIVE)).isTrue();
        assertThat(store.questions().findActive("mnist", text)).map(Question::id).contains(candidate.id());
        assertThatThrownBy(() -> store.questions().move(candidate.id(), QuestionStatus.ACTIVE, QuestionStatus.QUEUED))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(store.questions().move(candidate.id(), QuestionStatus.ACTIVE, QuestionStatus.DROPPED)).isTrue();
        assertThat(store.questions().find(candidate.id()).orElseThrow().status()).isEqualTo(QuestionStatus.DROPPED);
        assertThat(store.questions().findActive("mnist", text)).isEmpty();
    }

    @Test
    void proposalsKeepTheirPlaceInTheDesignAndFindingsAreReplacedWhole() {
        Question q = newQuestion();
        Proposal p = store.proposals().create(q.id(), Map.of("width", 8), "design", null, null,
                new Placement("width=8", 2, 1234L));
        assertThat(store.proposals().find(p.id()).orElseThrow().placement()).isEqualTo(new Placement("width=8", 2, 1234L));
        assertThat(store.proposals().create(q.id(), Map.of("width", 9), "tpe", null, null).placement())
                .isEqualTo(Placement.NONE);

        store.findings().replace(q.id(), List.of(new Finding.New("verdict", "old", List.of(1L), Map.of("x", 1.0),
                "data", null)));
        List<Finding> now = store.findings().replace(q.id(), List.of(
                new Finding.New("verdict", "A beats B", List.of(3L, 4L), Map.of("difference", 0.5), "data", null),
                new Finding.New("prose", "made up", List.of(99L), Map.of(), "model", "trial 99 is not of this question")));
        assertThat(store.findings().forQuestion(q.id())).isEqualTo(now).extracting(Finding::text)
                .containsExactly("A beats B", "made up");
        assertThat(now.get(0).citedTrials()).containsExactly(3L, 4L);
        assertThat(now.get(0).numbers()).containsEntry("difference", 0.5);
        assertThat(now.get(1).flagged()).contains("not of this question");
    }

    @Test
    void aTransactionCommitsAllOrNothing() {
        Question q = newQuestion();
        assertThatThrownBy(() -> store.inTransaction(() -> {
            store.proposals().create(q.id(), Map.of("lr", 0.5), "random", null, null);
            throw new IllegalStateException("killed half-way");
        })).hasMessageContaining("killed half-way");
        assertThat(store.proposals().forQuestion(q.id())).isEmpty();
    }

    @Test
    void unknownIdsAreEmptyOrRefused() {
        assertThat(store.questions().find(-1)).isEmpty();
        assertThat(store.proposals().find(-1)).isEmpty();
        assertThat(store.trials().find(-1)).isEmpty();
        assertThat(store.metrics().latest(-1, "loss")).isEmpty();
        assertThatThrownBy(() -> store.questions().finish(-1, NOW))
                .isInstanceOf(StoreException.class).hasMessageContaining("no question with id -1");
        assertThatThrownBy(() -> store.proposals().setStatus(-1, ProposalStatus.APPROVED, "x"))
                .isInstanceOf(StoreException.class).hasMessageContaining("no proposal with id -1");
        assertThatThrownBy(() -> store.proposals().create(-1, Map.of(), "random", null, null))
                .as("a proposal needs its question").isInstanceOf(RuntimeException.class);
    }

    @Test
    void llmCallsAreRecordedAnnotatedAndSummedPerQuestion() {
        Question q = newQuestion();
        Question other = newQuestion();
        String prompt = "SYSTEM: you plan experiments\nUSER: propose 2 \u00e9 " + "x".repeat(20_000);
        LlmCall ok = store.llmCalls().record(new LlmCall.New(q.id(), "openai-compatible", "qwen2.5", "propose", prompt,
                "{\"proposals\": []}", 1200, 300, 850, 0.0125, null));
        LlmCall failed = store.llmCalls().record(new LlmCall.New(q.id(), "ollama", "llama3", "propose", "p", null,
                null, null, 30_000, 0, "timeout after 30 s"));
        store.llmCalls().record(new LlmCall.New(other.id(), "ollama", "llama3", "propose", "p", "r", 10, 5, 1, 1.0, null));
        LlmCall outside = store.llmCalls().record(new LlmCall.New(null, "anthropic", "claude", "test", "p", "r", 1, 1, 1, 0, null));

        assertThat(ok.id()).isPositive();
        assertThat(ok).isEqualTo(new LlmCall(ok.id(), q.id(), "openai-compatible", "qwen2.5", "propose", prompt,
                "{\"proposals\": []}", 1200, 300, 850, 0.0125, null, NOW));
        assertThat(failed.tokensIn()).isNull();
        assertThat(failed.response()).isNull();
        assertThat(outside.questionId()).isNull();

        store.llmCalls().setError(ok.id(), "answer not usable: no JSON object");
        assertThat(store.llmCalls().forQuestion(q.id())).extracting(LlmCall::id, LlmCall::error)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(ok.id(), "answer not usable: no JSON object"),
                        org.assertj.core.groups.Tuple.tuple(failed.id(), "timeout after 30 s"));

        assertThat(store.llmCalls().spend(q.id())).isEqualTo(new LlmCall.Spend(2, 1, 1200, 300, 0.0125));
        assertThat(store.llmCalls().spend(newQuestion().id())).isEqualTo(LlmCall.Spend.NONE);
        assertThatThrownBy(() -> store.llmCalls().setError(-1, "x"))
                .isInstanceOf(StoreException.class).hasMessageContaining("no llm_call with id -1");
    }

    @Test
    void proposalParamsRoundTripAsJson() {
        Question q = newQuestion();
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("lr", 0.001);
        params.put("batch", 64);
        params.put("steps", 10_000_000_000L);
        params.put("momentum", 0.5f);
        params.put("optimizer", "adam");
        params.put("nesterov", true);
        params.put("layers", List.of(128, 64));
        params.put("schedule", Map.of("kind", "cosine"));
        params.put("dropout", null);

        Proposal p = store.proposals().create(q.id(), params, "llm", "lr looks too high", "smaller lr, lower loss");

        assertThat(p.questionId()).isEqualTo(q.id());
        assertThat(p.status()).isEqualTo(ProposalStatus.PENDING);
        assertThat(p.statusReason()).isNull();
        assertThat(p.createdAt()).isEqualTo(NOW);
        assertThat(p.planner()).isEqualTo("llm");
        assertThat(p.rationale()).isEqualTo("lr looks too high");
        assertThat(p.hypothesis()).isEqualTo("smaller lr, lower loss");
        assertThat(p.params()).containsOnlyKeys(params.keySet());
        assertThat(p.params().keySet()).containsExactlyElementsOf(params.keySet());
        assertThat(p.params().get("lr")).isEqualTo(0.001);
        assertThat(p.params().get("batch")).isEqualTo(64);
        assertThat(p.params().get("steps")).isEqualTo(10_000_000_000L);
        assertThat(p.params().get("momentum")).isEqualTo(0.5);
        assertThat(p.params().get("optimizer")).isEqualTo("adam");
        assertThat(p.params().get("nesterov")).isEqualTo(true);
        assertThat(p.params().get("layers")).isEqualTo(List.of(128, 64));
        assertThat(p.params().get("schedule")).isEqualTo(Map.of("kind", "cosine"));
        assertThat(p.params()).containsEntry("dropout", null);
        assertThatThrownBy(() -> p.params().put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
        assertThat(store.proposals().find(p.id())).contains(p);
    }

    @Test
    void proposalsAreListedPerQuestionAndReviewed() {
        Question q = newQuestion();
        Proposal first = store.proposals().create(q.id(), Map.of("lr", 0.1), "random", null, null);
        Proposal second = store.proposals().create(q.id(), Map.of("lr", 0.01), "random", null, null);
        Proposal other = store.proposals().create(newQuestion().id(), Map.of("lr", 1.0), "random", null, null);

        assertThat(store.proposals().forQuestion(q.id())).containsExactly(first, second);
        assertThat(store.proposals().forQuestion(q.id(), IdWindow.all())).containsExactly(first, second);
        assertThat(store.proposals().forQuestion(q.id(), new IdWindow(first.id(), Set.of()))).containsExactly(second);
        assertThat(store.proposals().forQuestion(q.id(), new IdWindow(other.id(), Set.of(first.id())))).containsExactly(first);

        store.proposals().setStatus(first.id(), ProposalStatus.APPROVED, "auto-approve policy");
        store.proposals().setStatus(second.id(), ProposalStatus.REJECTED, "lr too small");

        assertThat(store.proposals().find(first.id()).orElseThrow())
                .extracting(Proposal::status, Proposal::statusReason)
                .containsExactly(ProposalStatus.APPROVED, "auto-approve policy");
        assertThat(store.proposals().find(second.id()).orElseThrow().status()).isEqualTo(ProposalStatus.REJECTED);
        assertThat(store.proposals().find(other.id()).orElseThrow().status()).isEqualTo(ProposalStatus.PENDING);
    }

    @Test
    void trialsMoveThroughTheirLifecycleOnlyFromTheRightStatus() {
        Question q = newQuestion();
        Proposal p = store.proposals().create(q.id(), Map.of("lr", 0.1, "batch", 32), "random", null, null);

        Trial queued = store.trials().create(q.id(), p.id(), 1, 7L);
        assertThat(queued).isEqualTo(new Trial(queued.id(), q.id(), p.id(), 1, 7L, TrialStatus.QUEUED, null, NOW,
                null, null, null, null, Map.of(), null, p.params(), null));
        assertThat(store.trials().heartbeat(queued.id(), NOW)).as("heartbeat while queued").isFalse();
        assertThat(store.trials().complete(queued.id(), 1.0, Map.of(), NOW)).as("complete while queued").isFalse();
        assertThat(store.trials().fail(queued.id(), "x", NOW)).as("fail while queued").isFalse();
        assertThat(store.trials().interrupt(queued.id(), "x", NOW)).as("interrupt while queued").isFalse();

        Instant started = NOW.plusSeconds(1);
        assertThat(store.trials().markRunning(queued.id(), "gpu0-w1", started)).isTrue();
        assertThat(store.trials().markRunning(queued.id(), "gpu1-w1", started)).isFalse();
        assertThat(store.trials().heartbeat(queued.id(), started.plusSeconds(5))).isTrue();
        Trial running = store.trials().find(queued.id()).orElseThrow();
        assertThat(running.status()).isEqualTo(TrialStatus.RUNNING);
        assertThat(running.worker()).isEqualTo("gpu0-w1");
        assertThat(running.startedAt()).isEqualTo(started);
        assertThat(running.heartbeatAt()).isEqualTo(started.plusSeconds(5));

        Map<String, Double> result = new LinkedHashMap<>();
        result.put("accuracy", 0.93);
        result.put("loss", Double.NaN);
        result.put("grad_norm", Double.POSITIVE_INFINITY);
        Instant finished = started.plusSeconds(60);
        assertThat(store.trials().complete(queued.id(), 0.93, result, finished)).isTrue();
        assertThat(store.trials().complete(queued.id(), 0.5, Map.of(), finished)).as("complete twice").isFalse();
        assertThat(store.trials().fail(queued.id(), "late", finished)).as("fail after completion").isFalse();
        assertThat(store.trials().cancel(queued.id(), "late", finished)).as("cancel after completion").isFalse();
        assertThat(store.trials().heartbeat(queued.id(), finished)).as("heartbeat after completion").isFalse();

        Trial completed = store.trials().find(queued.id()).orElseThrow();
        assertThat(completed.status()).isEqualTo(TrialStatus.COMPLETED);
        assertThat(completed.objectiveValue()).isEqualTo(0.93);
        assertThat(completed.result()).isEqualTo(result);
        assertThat(completed.finishedAt()).isEqualTo(finished);
        assertThat(completed.error()).isNull();
        assertThat(completed.params()).isEqualTo(Map.of("lr", 0.1, "batch", 32));
    }

    @Test
    void cancelQueuedLeavesATrialThatStartedMeanwhileRunning() {
        Question q = newQuestion();
        Proposal p = store.proposals().create(q.id(), Map.of("lr", 0.1), "random", null, null);
        Trial started = runningTrial(q, p, 1);
        assertThat(store.trials().cancelQueued(started.id(), "budget spent", NOW)).isFalse();
        assertThat(store.trials().find(started.id()).orElseThrow().status()).isEqualTo(TrialStatus.RUNNING);
        Trial waiting = store.trials().create(q.id(), p.id(), 2, 2L);
        assertThat(store.trials().cancelQueued(waiting.id(), "budget spent", NOW)).isTrue();
        assertThat(store.trials().find(waiting.id()).orElseThrow())
                .extracting(Trial::status, Trial::error).containsExactly(TrialStatus.CANCELLED, "budget spent");
        assertThat(store.trials().markRunning(waiting.id(), "w", NOW)).isFalse();
    }

    @Test
    void trialsFailAreInterruptedOrCancelledAndAreCountedAndFiltered() {
        Question q = newQuestion();
        Proposal p = store.proposals().create(q.id(), Map.of("lr", 0.1), "random", null, null);
        Trial completed = runningTrial(q, p, 1);
        store.trials().complete(completed.id(), 0.5, Map.of("accuracy", 0.5), NOW);
        Trial failed = runningTrial(q, p, 2);
        assertThat(store.trials().fail(failed.id(), "CUDA out of memory", NOW)).isTrue();
        Trial interrupted = runningTrial(q, p, 3);
        assertThat(store.trials().interrupt(interrupted.id(), EndCause.CONTROLLER_LOST, "worker stopped beating", NOW))
                .isTrue();
        Trial cancelled = store.trials().create(q.id(), p.id(), 4, 4L);
        assertThat(store.trials().cancel(cancelled.id(), "budget spent", NOW)).isTrue();
        assertThat(store.trials().cancel(cancelled.id(), "again", NOW)).isFalse();
        assertThat(store.trials().markRunning(cancelled.id(), "w", NOW)).as("run after cancel").isFalse();
        Trial queued = store.trials().create(q.id(), p.id(), 5, 5L);
        Trial running = runningTrial(q, p, 6);
        Trial pruned = runningTrial(q, p, 7);
        assertThat(store.trials().prune(pruned.id(), "pruned at epoch 2 by the median rule", Map.of("acc", 0.3), NOW))
                .isTrue();
        assertThat(store.trials().prune(pruned.id(), "again", Map.of(), NOW)).as("prune twice").isFalse();
        assertThat(store.trials().find(pruned.id()).orElseThrow())
                .extracting(Trial::status, Trial::error, Trial::result)
                .containsExactly(TrialStatus.PRUNED, "pruned at epoch 2 by the median rule", Map.of("acc", 0.3));

        assertThat(store.trials().find(failed.id()).orElseThrow())
                .extracting(Trial::status, Trial::error, Trial::finishedAt, Trial::objectiveValue, Trial::endCause)
                .containsExactly(TrialStatus.FAILED, "CUDA out of memory", NOW, null, EndCause.PLUGIN_ERROR);
        assertThat(store.trials().find(interrupted.id()).orElseThrow())
                .extracting(Trial::status, Trial::error, Trial::endCause)
                .containsExactly(TrialStatus.INTERRUPTED, "worker stopped beating", EndCause.CONTROLLER_LOST);
        assertThat(store.trials().find(cancelled.id()).orElseThrow())
                .extracting(Trial::status, Trial::error)
                .containsExactly(TrialStatus.CANCELLED, "budget spent");

        assertThat(store.trials().forQuestion(q.id())).extracting(Trial::id).containsExactly(completed.id(),
                failed.id(), interrupted.id(), cancelled.id(), queued.id(), running.id(), pruned.id());
        assertThat(store.trials().forQuestion(q.id(), EnumSet.of(TrialStatus.FAILED, TrialStatus.INTERRUPTED)))
                .extracting(Trial::id).containsExactly(failed.id(), interrupted.id());
        assertThat(store.trials().forQuestion(q.id(), Set.of())).isEmpty();
        assertThat(store.trials().forQuestion(q.id(), new IdWindow(queued.id(), Set.of(failed.id())))).extracting(Trial::id)
                .containsExactly(failed.id(), running.id(), pruned.id());
        assertThat(store.trials().countByStatus(q.id())).isEqualTo(Map.of(
                TrialStatus.QUEUED, 1, TrialStatus.RUNNING, 1, TrialStatus.COMPLETED, 1, TrialStatus.FAILED, 1,
                TrialStatus.INTERRUPTED, 1, TrialStatus.CANCELLED, 1, TrialStatus.PRUNED, 1));
        assertThat(store.trials().countByStatus(newQuestion().id())).containsOnlyKeys(TrialStatus.values())
                .allSatisfy((status, count) -> assertThat(count).isZero());
    }

    @Test
    void aProposalCannotHaveTheSameAttemptTwice() {
        Question q = newQuestion();
        Proposal p = store.proposals().create(q.id(), Map.of(), "random", null, null);
        store.trials().create(q.id(), p.id(), 1, 1L);

        assertThatThrownBy(() -> store.trials().create(q.id(), p.id(), 1, 2L)).isInstanceOf(RuntimeException.class);
        assertThat(store.trials().create(q.id(), p.id(), 2, 2L).attempt()).isEqualTo(2);
    }

    @Test
    void staleRunningFindsTrialsWhoseHeartbeatIsOld() {
        Question q = newQuestion();
        Proposal p = store.proposals().create(q.id(), Map.of(), "random", null, null);
        Trial silent = store.trials().create(q.id(), p.id(), 1, 1L);
        Trial beating = store.trials().create(q.id(), p.id(), 2, 2L);
        Trial done = store.trials().create(q.id(), p.id(), 3, 3L);
        Instant t0 = Instant.parse("2000-01-01T00:00:00Z");
        store.trials().markRunning(silent.id(), "w1", t0);
        store.trials().markRunning(beating.id(), "w2", t0);
        store.trials().markRunning(done.id(), "w3", t0);
        store.trials().heartbeat(beating.id(), t0.plusSeconds(120));
        store.trials().fail(done.id(), "boom", t0.plusSeconds(1));

        List<Trial> stale = store.trials().staleRunning(t0.plusSeconds(60));

        assertThat(stale).extracting(Trial::id).contains(silent.id()).doesNotContain(beating.id(), done.id());
    }

    @Test
    void markRunningIsWonOnlyOnceAcrossThreadsAndPools() throws Exception {
        Question q = newQuestion();
        Proposal p = store.proposals().create(q.id(), Map.of(), "random", null, null);
        int contenders = 8;
        ExecutorService pool = Executors.newFixedThreadPool(contenders);
        try (Store second = openStore()) {
            for (int attempt = 1; attempt <= 10; attempt++) {
                long trialId = store.trials().create(q.id(), p.id(), attempt, attempt).id();
                CountDownLatch start = new CountDownLatch(1);
                List<Future<Boolean>> claims = new ArrayList<>();
                for (int i = 0; i < contenders; i++) {
                    Store via = i % 2 == 0 ? store : second;
                    String worker = "worker-" + i;
                    Callable<Boolean> claim = () -> {
                        start.await();
                        return via.trials().markRunning(trialId, worker, NOW);
                    };
                    claims.add(pool.submit(claim));
                }
                start.countDown();
                List<String> winners = new ArrayList<>();
                for (int i = 0; i < contenders; i++) {
                    if (claims.get(i).get()) {
                        winners.add("worker-" + i);
                    }
                }
                assertThat(winners).as("winners for trial %d", trialId).hasSize(1);
                assertThat(store.trials().find(trialId).orElseThrow().worker()).isEqualTo(winners.get(0));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aProposalIsDecidedOnlyOnceAndPendingOnesAreListed() {
        Question q = newQuestion();
        Proposal first = store.proposals().create(q.id(), Map.of("lr", 0.1), "random", null, null);
        Proposal second = store.proposals().create(q.id(), Map.of("lr", 0.2), "random", null, null);
        Question done = newQuestion();
        Proposal ofDone = store.proposals().create(done.id(), Map.of("lr", 0.3), "random", null, null);
        store.questions().finish(done.id(), NOW);

        assertThat(store.proposals().pending(q.id())).containsExactly(first, second);
        assertThat(store.proposals().pending(null)).contains(first, second).doesNotContain(ofDone);
        assertThat(store.proposals().pending(done.id())).containsExactly(ofDone);

        assertThat(store.proposals().decide(first.id(), ProposalStatus.REJECTED, "too wide")).isTrue();
        assertThat(store.proposals().decide(first.id(), ProposalStatus.APPROVED, "second thoughts"))
                .as("only a PENDING proposal moves").isFalse();
        assertThat(store.proposals().find(first.id()).orElseThrow())
                .extracting(Proposal::status, Proposal::statusReason)
                .containsExactly(ProposalStatus.REJECTED, "too wide");
        assertThat(store.proposals().pending(q.id())).containsExactly(second);
        assertThatThrownBy(() -> store.proposals().decide(second.id(), ProposalStatus.PENDING, "x"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.proposals().decide(-1, ProposalStatus.APPROVED, "x"))
                .isInstanceOf(StoreException.class).hasMessageContaining("no proposal with id -1");
    }

    @Test
    void twoReviewersDecidingAtOnceMakeExactlyOneDecision() throws Exception {
        Question q = newQuestion();
        int contenders = 6;
        ExecutorService pool = Executors.newFixedThreadPool(contenders);
        try (Store second = openStore()) {
            for (int round = 0; round < 10; round++) {
                long proposalId = store.proposals().create(q.id(), Map.of("lr", round), "random", null, null).id();
                CountDownLatch start = new CountDownLatch(1);
                List<Future<Boolean>> claims = new ArrayList<>();
                for (int i = 0; i < contenders; i++) {
                    Store via = i % 2 == 0 ? store : second;
                    String actor = "reviewer-" + i;
                    boolean approve = i % 3 != 0;
                    claims.add(pool.submit(() -> {
                        start.await();
                        // As the review desk does it: the guarded status change and its decision, together.
                        return via.inTransaction(() -> {
                            if (!via.proposals().decide(proposalId,
                                    approve ? ProposalStatus.APPROVED : ProposalStatus.REJECTED, actor)) {
                                return false;
                            }
                            via.decisions().record(proposalId, actor, approve ? Verdict.APPROVE : Verdict.REJECT,
                                    actor, NOW);
                            return true;
                        });
                    }));
                }
                start.countDown();
                List<String> winners = new ArrayList<>();
                for (int i = 0; i < contenders; i++) {
                    if (claims.get(i).get()) {
                        winners.add("reviewer-" + i);
                    }
                }
                assertThat(winners).as("winners for proposal %d", proposalId).hasSize(1);
                List<Decision> decisions = store.decisions().forProposal(proposalId);
                assertThat(decisions).as("one decision, the winner's").hasSize(1);
                Proposal decided = store.proposals().find(proposalId).orElseThrow();
                assertThat(decided.statusReason()).isEqualTo(winners.get(0)).isEqualTo(decisions.get(0).actor());
                assertThat(decided.status()).isEqualTo(decisions.get(0).verdict() == Verdict.APPROVE
                        ? ProposalStatus.APPROVED : ProposalStatus.REJECTED);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aDecisionThatFailsHalfWayLeavesTheProposalPending() {
        Question q = newQuestion();
        Proposal p = store.proposals().create(q.id(), Map.of("lr", 0.1), "random", null, null);
        assertThatThrownBy(() -> store.inTransaction(() -> {
            store.proposals().decide(p.id(), ProposalStatus.APPROVED, "ok");
            // The decision row cannot be written (no such proposal): the status change goes with it.
            return store.decisions().record(-1, "alice", Verdict.APPROVE, "ok", NOW);
        })).isInstanceOf(RuntimeException.class);
        assertThat(store.proposals().find(p.id()).orElseThrow().status()).isEqualTo(ProposalStatus.PENDING);
        assertThat(store.decisions().forProposal(p.id())).isEmpty();
    }

    @Test
    void aQuestionsProposalsCommitInIdOrderWhoeverCreatesThem() throws Exception {
        Question q = newQuestion();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try (Store second = openStore()) {
            CountDownLatch created = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            // A reviewer's edit: a proposal created in a transaction that stays open for a while.
            Future<Proposal> edit = pool.submit(() -> second.inTransaction(() -> {
                Proposal p = second.proposals().create(q.id(), Map.of("lr", 1), "edit", null, null);
                created.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                return p;
            }));
            created.await();
            // The loop plans meanwhile: its proposal waits for the edit to commit instead of committing first.
            Future<Proposal> planned = pool.submit(() -> store.proposals().create(q.id(), Map.of("lr", 2), "tpe", null, null));
            Thread.sleep(300);
            assertThat(planned.isDone()).as("the second insert waits for the open one").isFalse();
            release.countDown();
            assertThat(planned.get().id()).isGreaterThan(edit.get().id());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void metricsAreKeptPerTrialInStepOrder() {
        Trial trial = newTrial();
        Trial other = newTrial();
        Instant at = NOW.plusMillis(250);
        store.metrics().add(trial.id(), "loss", 0, 200, 0.7, at);
        store.metrics().add(trial.id(), "loss", 0, 100, 0.9, at);
        store.metrics().add(trial.id(), "accuracy", 1, 200, 0.8, at);
        store.metrics().add(trial.id(), "loss", 1, 300, Double.NaN, at);
        store.metrics().add(other.id(), "loss", 0, 999, 0.1, at);

        List<MetricPoint> points = store.metrics().forTrial(trial.id());

        assertThat(points).extracting(MetricPoint::name, MetricPoint::step, MetricPoint::value).containsExactly(
                org.assertj.core.groups.Tuple.tuple("loss", 100L, 0.9),
                org.assertj.core.groups.Tuple.tuple("loss", 200L, 0.7),
                org.assertj.core.groups.Tuple.tuple("accuracy", 200L, 0.8),
                org.assertj.core.groups.Tuple.tuple("loss", 300L, Double.NaN));
        assertThat(points).allSatisfy(point -> {
            assertThat(point.trialId()).isEqualTo(trial.id());
            assertThat(point.recordedAt()).isEqualTo(at);
        });
        assertThat(points.get(2).epoch()).isEqualTo(1);

        assertThat(store.metrics().latest(trial.id(), "loss").orElseThrow().step()).isEqualTo(300L);
        assertThat(store.metrics().latest(trial.id(), "accuracy").orElseThrow().value()).isEqualTo(0.8);
        assertThat(store.metrics().latest(trial.id(), "perplexity")).isEmpty();

        // Learning curves of a question's trials in one read, limited to the window of trial ids.
        assertThat(store.metrics().forQuestion(trial.questionId(), "loss", IdWindow.all()))
                .extracting(MetricPoint::step).containsExactly(100L, 200L, 300L);
        assertThat(store.metrics().forQuestion(trial.questionId(), "loss", new IdWindow(trial.id(), Set.of()))).isEmpty();
        assertThat(store.metrics().forQuestion(trial.questionId(), "accuracy", new IdWindow(trial.id(), Set.of(trial.id()))))
                .extracting(MetricPoint::value).containsExactly(0.8);
    }

    @Test
    void decisionsAreAnAuditTrailPerProposal() {
        Question q = newQuestion();
        Proposal p = store.proposals().create(q.id(), Map.of("lr", 0.1), "llm", null, null);
        Instant at = NOW.plusSeconds(10);

        Decision rejected = store.decisions().record(p.id(), "auto-approve", Verdict.REJECT, "over budget", at);
        Decision approved = store.decisions().record(p.id(), "alice", Verdict.APPROVE, null, at.plusSeconds(5));

        assertThat(rejected).isEqualTo(new Decision(rejected.id(), p.id(), "auto-approve", Verdict.REJECT,
                "over budget", at));
        assertThat(store.decisions().forProposal(p.id())).containsExactly(rejected, approved);
        assertThat(store.decisions().forQuestion(q.id(), IdWindow.all())).containsExactly(rejected, approved);
        assertThat(store.decisions().forQuestion(q.id(), new IdWindow(p.id(), Set.of()))).isEmpty();
        assertThat(store.decisions().forQuestion(q.id(), new IdWindow(p.id(), Set.of(p.id())))).hasSize(2);
        assertThat(approved.reason()).isNull();
        assertThatThrownBy(() -> store.decisions().record(-1, "alice", Verdict.APPROVE, null, at))
                .as("a decision needs its proposal").isInstanceOf(RuntimeException.class);
    }

    @Test
    void reopeningDoesNotMigrateAgainAndKeepsData() {
        Question q = newQuestion();
        store.close();
        store = openStore();

        assertThat(store.questions().find(q.id())).contains(q);
    }

    protected Question newQuestion() {
        return store.questions().create("mnist", "question " + System.nanoTime(), "random", 10, 60, 0L);
    }

    private Trial newTrial() {
        Question q = newQuestion();
        Proposal p = store.proposals().create(q.id(), Map.of(), "random", null, null);
        return store.trials().create(q.id(), p.id(), 1, 0L);
    }

    private Trial runningTrial(Question q, Proposal p, int attempt) {
        Trial trial = store.trials().create(q.id(), p.id(), attempt, attempt);
        assertThat(store.trials().markRunning(trial.id(), "w" + attempt, NOW)).isTrue();
        return trial;
    }
}
