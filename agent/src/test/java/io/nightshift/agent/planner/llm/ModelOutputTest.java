package io.nightshift.agent.planner.llm;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.nightshift.agent.config.NightshiftConfig;
import io.nightshift.agent.planner.PlanResult.Planned;
import io.nightshift.agent.planner.PlanResult;
import io.nightshift.agent.planner.PlanningContext;
import io.nightshift.agent.planner.random.RandomPlanner;
import io.nightshift.store.LlmCall;
import io.nightshift.store.Proposal;
import io.nightshift.store.ProposalStatus;
import io.nightshift.store.Store;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * What a model wrote, as it reaches the store and the log: the configured key redacted everywhere,
 * and text capped. The real OpenAI-compatible client against a WireMock stub; proposals stored in a
 * real H2 file the way the loop stores a round.
 */
class ModelOutputTest {

    static final String KEY = "sk-test-SECRET-123";

    @TempDir
    Path temp;
    Store store;
    long questionId;
    ModelStub stub;
    final ListAppender<ILoggingEvent> logged = new ListAppender<>();
    final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);

    @BeforeEach
    void setUp() {
        store = Store.open(Store.h2FileUrl(temp.resolve("db")), "sa", "test");
        questionId = store.questions().create("toy", "Which learning rate?", "llm", 10, 60, 1).id();
        logged.start();
        root.addAppender(logged);
    }

    @AfterEach
    void tearDown() {
        root.detachAppender(logged);
        if (stub != null) {
            stub.close();
        }
        store.close();
    }

    private NightshiftConfig.Llm config(String apiKeyEnv, int maxRetries, int maxReasks) {
        NightshiftConfig.Llm c = stub.config();
        return new NightshiftConfig.Llm(c.provider(), c.baseUrl(), c.model(), apiKeyEnv, 5, maxRetries, 30, 0.2, 1024,
                true, maxReasks, 0, 0, 0, 20, c.hybrid());
    }

    private PlanResult plan(NightshiftConfig.Llm config, Map<String, String> env, int count) {
        LlmServices services = LlmServices.create(config, store, env);
        PlanningContext context = new PlanningContext(questionId, "Which learning rate?", LlmPlannerClientsTest.PLUGIN,
                List.of(), List.of(), List.of(), 8);
        return new LlmPlanner(services, new RandomPlanner(7)).plan(context, count);
    }

    /** As {@code ResearchLoop} stores a round: every entry a proposal row, the rejected ones with their reason. */
    private List<Proposal> storeAsTheLoopDoes(PlanResult result) {
        for (Planned p : result.proposals()) {
            var e = p.experiment();
            Proposal row = store.proposals().create(questionId, e.parameters(), p.planner(), e.rationale(), e.hypothesis());
            if (!p.isAccepted()) {
                store.proposals().setStatus(row.id(), ProposalStatus.REJECTED, p.rejectedBecause());
            }
        }
        return store.proposals().forQuestion(questionId);
    }

    private List<LlmCall> calls() {
        return store.llmCalls().forQuestion(questionId);
    }

    @Test
    void aKeyTheModelEchoesIsRedactedInEveryStoredProposalReasonCallAndLogLine() {
        stub = new ModelStub(ModelStub.Flavour.OPENAI)
                .status(500, "{\"error\": {\"message\": \"upstream said: your key " + KEY + " is throttled\"}}")
                .answer("""
                        {"proposals": [
                          {"parameters": {"lr": 0.01, "width": 64, "activation": "relu"},
                           "rationale": "you told me your key is %1$s", "hypothesis": "key %1$s gives val_accuracy above 0.9"},
                          {"parameters": {"lr": 0.02, "width": 64, "activation": "%1$s"}, "rationale": "r", "hypothesis": "h"},
                          {"parameters": {"lr": 0.03, "width": 64, "activation": "relu", "note": "%1$s"},
                           "rationale": "r", "hypothesis": "h"},
                          {"parameters": {"lr": 0.04, "width": 32, "activation": "tanh"},
                           "rationale": "escaped", "hypothesis": "\\u0073k-test-SECRET-123 in JSON escapes"}]}"""
                        .formatted(KEY));

        PlanResult result = plan(config("TEST_LLM_KEY", 1, 0), Map.of("TEST_LLM_KEY", KEY), 2);

        assertThat(result.accepted()).extracting(Planned::planner).containsExactly("llm", "llm");
        assertThat(result.rejected()).hasSize(2);
        List<Proposal> stored = storeAsTheLoopDoes(result);
        assertThat(stored).hasSize(4).allSatisfy(p -> assertThat(p.toString()).doesNotContain("SECRET"));
        assertThat(stored).filteredOn(p -> p.rationale().startsWith("you told me")).singleElement().satisfies(p -> {
            assertThat(p.rationale()).isEqualTo("you told me your key is [REDACTED]");
            assertThat(p.hypothesis()).isEqualTo("key [REDACTED] gives val_accuracy above 0.9");
        });
        assertThat(stored).filteredOn(p -> p.status() == ProposalStatus.REJECTED)
                .extracting(Proposal::statusReason).anySatisfy(r -> assertThat(r).contains("\"[REDACTED]\" is not one of"));
        assertThat(stored).filteredOn(p -> "escaped".equals(p.rationale()))
                .singleElement().satisfies(p -> assertThat(p.hypothesis()).isEqualTo("[REDACTED] in JSON escapes"));
        assertThat(calls()).hasSize(2).allSatisfy(c -> assertThat(c.toString()).doesNotContain("SECRET"));
        assertThat(logged.list).isNotEmpty()
                .allSatisfy(e -> assertThat(e.getFormattedMessage()).doesNotContain("SECRET"));
    }

    @Test
    void aHugeAnswerIsStoredCappedNotParsedAndTheModelIsAskedAgain() {
        String huge = "{\"proposals\": [" + "{\"parameters\": {\"lr\": 9}, \"rationale\": \"" + "x".repeat(2_000_000) + "\"}]}";
        stub = new ModelStub(ModelStub.Flavour.OPENAI).answer(huge).answer(LlmPlannerClientsTest.GOOD);

        PlanResult result = plan(config("", 0, 2), Map.of(), 2);

        assertThat(result.accepted()).hasSize(2).extracting(Planned::planner).containsOnly("llm");
        assertThat(result.rejected()).as("nothing was read from the huge answer").isEmpty();
        LlmCall first = calls().get(0);
        String length = String.format(java.util.Locale.ROOT, "%,d", huge.length());
        assertThat(first.response()).hasSizeLessThanOrEqualTo(TextLimit.CALL_TEXT)
                .endsWith("of " + length + " characters cut]");
        assertThat(first.error()).startsWith("answer not usable: the answer was " + length
                + " characters long, more than the 262,144");
        assertThat(calls().get(1).purpose()).isEqualTo("re-ask");
        assertThat(calls().get(1).prompt()).contains("more than the 262,144 that are read");
    }

    @Test
    void longRationaleHypothesisAndRejectedValuesAreCapped() {
        String essay = "because ".repeat(6_000);
        stub = new ModelStub(ModelStub.Flavour.OPENAI).answer("""
                {"proposals": [
                  {"parameters": {"lr": 0.01, "width": 64, "activation": "relu"}, "rationale": "%1$s", "hypothesis": "%1$s"},
                  {"parameters": {"lr": 0.02, "width": 64, "activation": "%1$s"}, "rationale": "r", "hypothesis": "h"}]}"""
                .formatted(essay));

        PlanResult result = plan(config("", 0, 0), Map.of(), 1);

        List<Proposal> stored = storeAsTheLoopDoes(result);
        Proposal accepted = stored.stream().filter(p -> p.planner().equals("llm") && p.status() != ProposalStatus.REJECTED)
                .findFirst().orElseThrow();
        assertThat(accepted.rationale()).hasSize(TextLimit.PROPOSAL_TEXT).startsWith("because because")
                .endsWith("of 48,000 characters cut]");
        assertThat(accepted.hypothesis()).hasSize(TextLimit.PROPOSAL_TEXT);
        Proposal rejected = stored.stream().filter(p -> p.status() == ProposalStatus.REJECTED).findFirst().orElseThrow();
        assertThat((String) rejected.params().get("activation")).hasSize(TextLimit.PROPOSAL_TEXT);
        assertThat(rejected.statusReason()).hasSizeLessThanOrEqualTo(TextLimit.PROPOSAL_TEXT).contains("truncated by nightshift");
    }

    @Test
    void atMostFiftyProposalsAreReadFromOneAnswer() {
        StringBuilder answer = new StringBuilder("{\"proposals\": [");
        for (int i = 0; i < 500; i++) {
            answer.append(i == 0 ? "" : ",").append("{\"parameters\": {\"lr\": ").append(10 + i)
                    .append(", \"width\": 64, \"activation\": \"relu\"}, \"rationale\": \"r\", \"hypothesis\": \"h\"}");
        }
        stub = new ModelStub(ModelStub.Flavour.OPENAI).answer(answer.append("]}").toString());

        PlanResult result = plan(config("", 0, 0), Map.of(), 1);

        assertThat(result.rejected()).hasSize(AnswerParser.MAX_ITEMS);
        assertThat(result.accepted()).singleElement().satisfies(p -> assertThat(p.planner()).isEqualTo("random"));
    }
}
