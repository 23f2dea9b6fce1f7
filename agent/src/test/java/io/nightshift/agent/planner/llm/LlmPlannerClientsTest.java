package io.nightshift.agent.planner.llm;

import static org.assertj.core.api.Assertions.assertThat;

import io.nightshift.agent.config.NightshiftConfig;
import io.nightshift.agent.planner.PlanResult.Planned;
import io.nightshift.agent.planner.PlanResult;
import io.nightshift.agent.planner.PlanningContext;
import io.nightshift.agent.planner.random.RandomPlanner;
import io.nightshift.plugin.Objective;
import io.nightshift.plugin.PluginDescriptor;
import io.nightshift.plugin.SearchSpace;
import io.nightshift.store.LlmCall;
import io.nightshift.store.Store;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The real LangChain4j OpenAI-compatible and Ollama clients against a WireMock stub on a random local
 * port, with the accounting in a real H2 store.
 */
class LlmPlannerClientsTest {

    static final PluginDescriptor PLUGIN = new PluginDescriptor("toy", "A toy model.", "Train a toy MLP; small lr is slow.",
            SearchSpace.builder().logFloatParam("lr", 1e-4, 1e-1).intParam("width", 16, 256)
                    .categorical("activation", "relu", "tanh").build(),
            Objective.maximize("val_accuracy"), List.of("Which learning rate?"));

    static final String GOOD = """
            {"proposals": [
              {"parameters": {"lr": 0.01, "width": 64, "activation": "relu"}, "rationale": "a common default",
               "hypothesis": "val_accuracy above 0.9 within budget"},
              {"parameters": {"lr": 0.001, "width": 128, "activation": "tanh"}, "rationale": "slower but wider",
               "hypothesis": "val_accuracy below the lr=0.01 run"}]}""";

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

    private LlmPlanner planner(NightshiftConfig.Llm config, Map<String, String> env) {
        LlmServices services = LlmServices.create(config, store, env);
        return new LlmPlanner(services, new RandomPlanner(7));
    }

    private LlmPlanner planner(NightshiftConfig.Llm config) {
        return planner(config, Map.of());
    }

    private PlanningContext context(List<PlanningContext.PastTrial> history) {
        return new PlanningContext(questionId, "Which learning rate?", PLUGIN, history, List.of(), List.of(), 8);
    }

    private List<LlmCall> calls() {
        return store.llmCalls().forQuestion(questionId);
    }

    private static NightshiftConfig.Llm with(NightshiftConfig.Llm c, int timeoutSeconds, int maxRetries, int maxReasks, double maxCost) {
        return new NightshiftConfig.Llm(c.provider(), c.baseUrl(), c.model(), c.apiKeyEnv(), timeoutSeconds, maxRetries,
                c.planningTimeoutSeconds(), c.temperature(), c.maxOutputTokens(), c.structuredOutput(), maxReasks, maxCost, c.pricePer1kInputTokens(),
                c.pricePer1kOutputTokens(), c.historyRows(), c.hybrid());
    }

    @ParameterizedTest
    @EnumSource(ModelStub.Flavour.class)
    void aGoodAnswerBecomesProposalsAndOneAccountedCall(ModelStub.Flavour flavour) {
        stub = new ModelStub(flavour).answer(GOOD);

        PlanResult result = planner(stub.config()).plan(context(List.of()), 2);

        assertThat(result.rejected()).isEmpty();
        assertThat(result.accepted()).extracting(Planned::planner).containsOnly("llm");
        assertThat(result.accepted()).extracting(p -> p.experiment().parameters())
                .containsExactly(Map.of("lr", 0.01, "width", 64, "activation", "relu"),
                        Map.of("lr", 0.001, "width", 128, "activation", "tanh"));
        assertThat(result.accepted().get(0).experiment().hypothesis()).contains("above 0.9");
        assertThat(calls()).singleElement().satisfies(c -> {
            assertThat(c.provider()).isEqualTo(stub.provider());
            assertThat(c.model()).isEqualTo("stub-model");
            assertThat(c.purpose()).isEqualTo("propose");
            assertThat(c.prompt()).contains("Which learning rate?").contains("lr: number in [1.0E-4, 0.1], log scale")
                    .contains("\"proposals\"").contains("Propose exactly 2");
            assertThat(c.response()).isEqualTo(GOOD);
            assertThat(c.tokensIn()).isEqualTo(1000);
            assertThat(c.tokensOut()).isEqualTo(200);
            assertThat(c.estimatedCost()).isCloseTo(0.8, org.assertj.core.data.Offset.offset(1e-9));
            assertThat(c.error()).isNull();
        });
        // Structured output: the schema travels in the provider's own field.
        String body = stub.requests().get(0).getBodyAsString();
        assertThat(body).contains(flavour == ModelStub.Flavour.OPENAI ? "\"response_format\"" : "\"format\"")
                .contains("\"width\"");
    }

    @ParameterizedTest
    @EnumSource(ModelStub.Flavour.class)
    void malformedJsonIsNotedAndTheModelIsAskedAgain(ModelStub.Flavour flavour) {
        stub = new ModelStub(flavour).answer("{\"proposals\": [{\"parameters\": {\"lr\": 0.01,").answer(GOOD);

        PlanResult result = planner(stub.config()).plan(context(List.of()), 2);

        assertThat(result.accepted()).hasSize(2);
        assertThat(calls()).hasSize(2);
        assertThat(calls().get(0).error()).startsWith("answer not usable: the answer contained no JSON object");
        assertThat(calls().get(1).purpose()).isEqualTo("re-ask");
        assertThat(calls().get(1).prompt()).contains("had problems").contains("no JSON object");
    }

    @Test
    void proseAndCodeFencesAroundTheJsonAreSkipped() {
        stub = new ModelStub(ModelStub.Flavour.OPENAI).answer("Sure! Based on the history {not json} here you go:\n```json\n"
                + GOOD + "\n```\nGood luck with {the} runs.");

        PlanResult result = planner(stub.config()).plan(context(List.of()), 2);

        assertThat(result.accepted()).hasSize(2);
        assertThat(result.rejected()).isEmpty();
        assertThat(calls()).singleElement().satisfies(c -> assertThat(c.error()).isNull());
    }

    @ParameterizedTest
    @EnumSource(ModelStub.Flavour.class)
    void outOfRangeUnknownAndWronglyTypedValuesAreRejectedWithReasonsAndReasked(ModelStub.Flavour flavour) {
        stub = new ModelStub(flavour).answer("""
                {"proposals": [
                  {"parameters": {"lr": 5.0, "width": 64, "activation": "relu"}, "rationale": "r", "hypothesis": "h"},
                  {"parameters": {"lr": 0.01, "width": 64, "activation": "relu", "dropout": 0.5}, "rationale": "r", "hypothesis": "h"},
                  {"parameters": {"lr": "0.01", "width": 64, "activation": "gelu"}, "rationale": "r", "hypothesis": "h"}]}""")
                .answer(GOOD);

        PlanResult result = planner(stub.config()).plan(context(List.of()), 2);

        assertThat(result.rejected()).extracting(Planned::rejectedBecause).satisfiesExactly(
                r -> assertThat(r).contains("lr: 5.0 is outside"),
                r -> assertThat(r).contains("dropout: unknown parameter"),
                r -> assertThat(r).contains("lr: expected a number").contains("\"gelu\" is not one of"));
        assertThat(result.rejected()).extracting(Planned::planner).containsOnly("llm");
        assertThat(result.accepted()).hasSize(2).extracting(Planned::planner).containsOnly("llm");
        assertThat(calls()).hasSize(2);
        assertThat(calls().get(1).prompt()).contains("lr: 5.0 is outside").contains("dropout: unknown parameter");
    }

    @Test
    void repeatsOfEarlierTrialsAreRejectedAndTheFallbackFillsAfterTheLastReask() {
        stub = new ModelStub(ModelStub.Flavour.OLLAMA).answer("""
                {"proposals": [{"parameters": {"lr": 0.01, "width": 64.0, "activation": "relu"},
                 "rationale": "best so far", "hypothesis": "same again"}]}""");
        var done = new PlanningContext.PastTrial(Map.of("lr", 0.01, "width", 64, "activation", "relu"), "COMPLETED", 0.93);

        PlanResult result = planner(stub.config()).plan(context(List.of(done)), 1);

        assertThat(calls()).as("first ask and two re-asks").hasSize(3);
        assertThat(result.rejected()).hasSize(3).allSatisfy(p ->
                assertThat(p.rejectedBecause()).contains("repeats an experiment that was already run"));
        assertThat(result.accepted()).singleElement().satisfies(p -> {
            assertThat(p.planner()).isEqualTo("random");
            assertThat(p.experiment().parameters()).isNotEqualTo(done.parameters());
        });
        assertThat(calls().get(0).prompt()).contains("History (1 finished").contains("0.9300");
    }

    @ParameterizedTest
    @EnumSource(ModelStub.Flavour.class)
    void aTimeoutIsRecordedAndTheFallbackPlans(ModelStub.Flavour flavour) {
        stub = new ModelStub(flavour).slowAnswer(GOOD, 3000);

        PlanResult result = planner(with(stub.config(), 1, 0, 2, 0)).plan(context(List.of()), 2);

        assertThat(result.accepted()).hasSize(2).extracting(Planned::planner).containsOnly("random");
        assertThat(calls()).singleElement().satisfies(c -> {
            assertThat(c.response()).isNull();
            assertThat(c.error()).containsIgnoringCase("timeout");
            assertThat(c.latencyMillis()).isGreaterThanOrEqualTo(900);
        });
    }

    @ParameterizedTest
    @EnumSource(ModelStub.Flavour.class)
    void a429IsRetriedAndEveryAttemptIsRecorded(ModelStub.Flavour flavour) {
        stub = new ModelStub(flavour).status(429, "{\"error\": {\"message\": \"rate limited\"}}").answer(GOOD);

        PlanResult result = planner(with(stub.config(), 5, 2, 2, 0)).plan(context(List.of()), 2);

        assertThat(result.accepted()).hasSize(2).extracting(Planned::planner).containsOnly("llm");
        assertThat(stub.requests()).hasSize(2);
        assertThat(calls()).hasSize(2);
        assertThat(calls().get(0).response()).isNull();
        assertThat(calls().get(0).error()).startsWith("attempt 1 of 3: RateLimitException").contains("rate limited");
        assertThat(calls().get(1).error()).isNull();
        assertThat(store.llmCalls().spend(questionId).failed()).isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(ModelStub.Flavour.class)
    void a500IsRecordedAndTheFallbackPlans(ModelStub.Flavour flavour) {
        stub = new ModelStub(flavour).status(500, "{\"error\": {\"message\": \"model crashed\"}}");

        PlanResult result = planner(stub.config()).plan(context(List.of()), 2);

        assertThat(result.accepted()).hasSize(2).extracting(Planned::planner).containsOnly("random");
        assertThat(calls()).singleElement().satisfies(c -> {
            assertThat(c.response()).isNull();
            assertThat(c.error()).contains("model crashed");
        });
    }

    @Test
    void theApiKeyIsSentButNeverStored() {
        stub = new ModelStub(ModelStub.Flavour.OPENAI)
                .status(401, "{\"error\": {\"message\": \"Incorrect API key provided: sk-test-SECRET-123 (Authorization: Bearer sk-test-SECRET-123)\"}}")
                .answer(GOOD.replace("a common default", "key is sk-test-SECRET-123"));
        NightshiftConfig.Llm base = stub.config();
        NightshiftConfig.Llm config = new NightshiftConfig.Llm(base.provider(), base.baseUrl(), base.model(), "TEST_LLM_KEY",
                5, 0, 30, 0.2, 1024, true, 2, 0, 0, 0, 20, base.hybrid());
        LlmPlanner planner = planner(config, Map.of("TEST_LLM_KEY", "sk-test-SECRET-123"));

        planner.plan(context(List.of()), 2);
        planner.plan(context(List.of()), 2);

        assertThat(stub.requests().get(0).getHeader("Authorization")).isEqualTo("Bearer sk-test-SECRET-123");
        assertThat(calls()).hasSize(2).allSatisfy(c -> assertThat(c.toString()).doesNotContain("SECRET"));
        assertThat(calls().get(0).error()).contains("[REDACTED]");
    }

    @Test
    void theCostCapStopsModelCallsAndTheFallbackPlans() {
        stub = new ModelStub(ModelStub.Flavour.OPENAI).answer(GOOD);
        LlmPlanner planner = planner(with(stub.config(), 5, 0, 2, 0.5));

        assertThat(planner.plan(context(List.of()), 2).accepted()).extracting(Planned::planner).containsOnly("llm");
        PlanResult second = planner.plan(context(List.of()), 2);

        assertThat(second.accepted()).hasSize(2).extracting(Planned::planner).containsOnly("random");
        assertThat(stub.requests()).hasSize(1);
        assertThat(store.llmCalls().spend(questionId).estimatedCost()).isCloseTo(0.8, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void aProviderThatRefusesTheSchemaIsAskedAgainWithoutIt() {
        stub = new ModelStub(ModelStub.Flavour.OPENAI)
                .status(400, "{\"error\": {\"message\": \"response_format json_schema is not supported\"}}").answer(GOOD);

        PlanResult result = planner(with(stub.config(), 5, 0, 0, 0)).plan(context(List.of()), 2);

        assertThat(result.accepted()).hasSize(2).extracting(Planned::planner).containsOnly("llm");
        assertThat(stub.requests().get(0).getBodyAsString()).contains("response_format");
        assertThat(stub.requests().get(1).getBodyAsString()).doesNotContain("json_schema");
    }
}
