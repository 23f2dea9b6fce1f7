package io.nightshift.agent.planner.llm;

import static org.assertj.core.api.Assertions.assertThat;

import io.nightshift.agent.config.NightshiftConfig;
import io.nightshift.agent.planner.PlanResult;
import io.nightshift.agent.planner.PlanResult.Planned;
import io.nightshift.agent.planner.Planner;
import io.nightshift.agent.planner.PlannerFactory;
import io.nightshift.agent.planner.PlanningContext;
import io.nightshift.store.LlmCall;
import io.nightshift.store.Store;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A slow model must not stall the night: the planners the run builds ({@link PlannerFactory#withLlm})
 * against a WireMock stub that answers late, with the accounting in a real H2 store.
 */
class PlanningTimeoutTest {

    @TempDir
    Path temp;
    Store store;
    long questionId;
    ModelStub stub;

    @BeforeEach
    void setUp() {
        store = Store.open(Store.h2FileUrl(temp.resolve("db")), "sa", "test");
        questionId = store.questions().create("toy", "Which learning rate?", "llm", 10, 60, 1).id();
    }

    @AfterEach
    void tearDown() {
        if (stub != null) {
            stub.close();
        }
        store.close();
    }

    /** @param timeoutSeconds one call; @param planningTimeoutSeconds one round */
    private NightshiftConfig.Llm config(int timeoutSeconds, int planningTimeoutSeconds) {
        NightshiftConfig.Llm c = stub.config();
        return new NightshiftConfig.Llm(c.provider(), c.baseUrl(), c.model(), "", timeoutSeconds, 2, planningTimeoutSeconds,
                0.2, 1024, true, 2, 0, 0, 0, 20, new NightshiftConfig.Hybrid("rank", 2, 3));
    }

    private PlanningContext context() {
        return new PlanningContext(questionId, "Which learning rate?", LlmPlannerClientsTest.PLUGIN, List.of(), List.of(),
                List.of(), 8);
    }

    private List<LlmCall> calls() {
        return store.llmCalls().forQuestion(questionId);
    }

    /** The calls once the condition holds for them, or after 15 s. */
    private List<LlmCall> awaitCalls(java.util.function.Predicate<List<LlmCall>> condition) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (!condition.test(calls()) && System.nanoTime() < end) {
            Thread.sleep(50);
        }
        return calls();
    }

    @ParameterizedTest
    @ValueSource(strings = {"llm", "hybrid"})
    void aSlowModelIsNotWaitedForTpePlansTheRoundAndTheLateAnswerIsStillRecorded(String name) throws Exception {
        stub = new ModelStub(ModelStub.Flavour.OPENAI).slowAnswer(LlmPlannerClientsTest.GOOD, 5_000);
        Planner planner = PlannerFactory.withLlm(LlmServices.create(config(10, 1), store, Map.of())).apply(name, 42L);

        long start = System.nanoTime();
        PlanResult result = planner.plan(context(), 2);
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(took).as("the round ends at the planning timeout, not when the model answers")
                .isLessThan(Duration.ofMillis(3_000));
        assertThat(result.rejected()).isEmpty();
        assertThat(result.accepted()).hasSize(2).extracting(Planned::planner).containsOnly("tpe");
        assertThat(calls()).as("nothing recorded yet: the call is still under way").isEmpty();

        List<LlmCall> late = awaitCalls(c -> !c.isEmpty() && c.get(0).error() != null);
        assertThat(late).singleElement().satisfies(c -> {
            assertThat(c.response()).isEqualTo(LlmPlannerClientsTest.GOOD);
            assertThat(c.latencyMillis()).isGreaterThanOrEqualTo(4_900);
            assertThat(c.error()).contains("after the planning round's time limit of 1 s").contains("not used");
        });
        Thread.sleep(300);
        assertThat(stub.requests()).as("no re-ask or retry after the round was given up").hasSize(1);
    }

    @Test
    void aModelThatTimesOutIsNotRetriedPastTheRoundsDeadline() throws Exception {
        stub = new ModelStub(ModelStub.Flavour.OPENAI).slowAnswer(LlmPlannerClientsTest.GOOD, 3_000);
        Planner planner = PlannerFactory.withLlm(LlmServices.create(config(1, 2), store, Map.of())).apply("llm", 42L);

        PlanResult result = planner.plan(context(), 2);

        assertThat(result.accepted()).hasSize(2).extracting(Planned::planner).containsOnly("tpe");
        // Attempt 1 times out after 1 s; attempt 2 starts after 0.5 s and is cut off by its own 1 s timeout; no attempt 3.
        List<LlmCall> failed = awaitCalls(c -> c.size() >= 2);
        Thread.sleep(1_500);
        assertThat(calls()).hasSize(2).allSatisfy(c -> assertThat(c.response()).isNull());
        assertThat(failed.get(0).error()).startsWith("attempt 1 of 3: TimeoutException");
        assertThat(store.llmCalls().spend(questionId).failed()).isEqualTo(2);
    }

    @Test
    void aQuickModelAnswersWithinTheRound() {
        stub = new ModelStub(ModelStub.Flavour.OLLAMA).answer(LlmPlannerClientsTest.GOOD);
        Planner planner = PlannerFactory.withLlm(LlmServices.create(config(10, 5), store, Map.of())).apply("llm", 42L);

        PlanResult result = planner.plan(context(), 2);

        assertThat(planner.name()).isEqualTo("llm");
        assertThat(result.accepted()).hasSize(2).extracting(Planned::planner).containsOnly("llm");
        assertThat(calls()).singleElement().satisfies(c -> assertThat(c.error()).isNull());
    }

    @Test
    void roundsOnSeveralThreadsShareOneServicesObject() throws Exception {
        stub = new ModelStub(ModelStub.Flavour.OPENAI).slowAnswer(LlmPlannerClientsTest.GOOD, 200);
        var planners = PlannerFactory.withLlm(LlmServices.create(config(10, 10), store, Map.of()));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Callable<PlanResult>> rounds = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                long seed = i;
                String name = i % 2 == 0 ? "llm" : "hybrid";
                rounds.add(() -> planners.apply(name, seed).plan(context(), 2));
            }
            for (Future<PlanResult> round : pool.invokeAll(rounds)) {
                assertThat(round.get().accepted()).hasSize(2).extracting(Planned::planner).containsOnly("llm");
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(calls()).hasSize(4).allSatisfy(c -> assertThat(c.error()).isNull());
    }
}
