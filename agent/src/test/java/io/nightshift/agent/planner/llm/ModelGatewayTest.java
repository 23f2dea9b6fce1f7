package io.nightshift.agent.planner.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.langchain4j.exception.InternalServerException;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import io.nightshift.agent.config.NightshiftConfig;
import io.nightshift.agent.planner.Deadline;
import io.nightshift.store.LlmCall;
import io.nightshift.store.Store;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The gateway's retries and caps: the real LangChain4j clients against a WireMock stub (their own
 * retries must be off), or a mocked model where only the gateway's decisions matter; calls recorded in
 * a real H2 store.
 */
class ModelGatewayTest {

    static final Prompt PROMPT = new Prompt("system text", "user text");

    @TempDir
    Path temp;
    Store store;
    long questionId;
    ModelStub stub;
    final List<Duration> slept = new ArrayList<>();

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

    private static NightshiftConfig.Llm retries(NightshiftConfig.Llm c, int timeoutSeconds, int maxRetries) {
        return new NightshiftConfig.Llm(c.provider(), c.baseUrl(), c.model(), c.apiKeyEnv(), timeoutSeconds, maxRetries,
                c.planningTimeoutSeconds(), c.temperature(), c.maxOutputTokens(), c.structuredOutput(), c.maxReasks(),
                c.maxCost(), c.pricePer1kInputTokens(), c.pricePer1kOutputTokens(), c.historyRows(), c.hybrid());
    }

    /** The real client for the configuration, with a gateway that records its waits instead of sleeping. */
    private ModelGateway gateway(NightshiftConfig.Llm config) {
        return gateway(ChatModelFactory.create(config, Map.of()), config);
    }

    private ModelGateway gateway(ChatModel model, NightshiftConfig.Llm config) {
        return new ModelGateway(model, config, store.llmCalls(), Redactor.none(), System::nanoTime, slept::add);
    }

    private List<LlmCall> calls() {
        return store.llmCalls().forQuestion(questionId);
    }

    @ParameterizedTest
    @EnumSource(ModelStub.Flavour.class)
    void rateLimitServerErrorAndTimeoutAreEachRecordedThenTheRetryAnswers(ModelStub.Flavour flavour) throws Exception {
        stub = new ModelStub(flavour)
                .status(429, "{\"error\": {\"message\": \"rate limited\"}}")
                .status(500, "{\"error\": {\"message\": \"overloaded\"}}")
                .slowAnswer("too late", 2500)
                .answer("{\"proposals\": []}");
        ModelGateway gateway = gateway(retries(stub.config(), 1, 3));

        ModelGateway.Reply reply = gateway.ask(questionId, "propose", PROMPT, null);

        assertThat(reply.text()).isEqualTo("{\"proposals\": []}");
        assertThat(stub.requests()).as("the client made no retries of its own").hasSize(4);
        assertThat(calls()).hasSize(4);
        assertThat(calls()).extracting(LlmCall::error).satisfiesExactly(
                e -> assertThat(e).startsWith("attempt 1 of 4: RateLimitException").contains("rate limited"),
                e -> assertThat(e).startsWith("attempt 2 of 4: InternalServerException").contains("overloaded"),
                e -> assertThat(e).startsWith("attempt 3 of 4: TimeoutException"),
                e -> assertThat(e).isNull());
        assertThat(calls().get(2).latencyMillis()).isGreaterThanOrEqualTo(900);
        assertThat(calls()).extracting(LlmCall::purpose).containsOnly("propose");
        assertThat(store.llmCalls().spend(questionId).failed()).as("every failed attempt counts").isEqualTo(3);
        assertThat(store.llmCalls().spend(questionId).calls()).isEqualTo(4);
        assertThat(slept).containsExactly(Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2));
    }

    @Test
    void aRefusalThatAskingAgainCannotChangeIsNotRetried() {
        stub = new ModelStub(ModelStub.Flavour.OPENAI).status(401, "{\"error\": {\"message\": \"bad key\"}}");
        ModelGateway gateway = gateway(retries(stub.config(), 5, 2));

        assertThatThrownBy(() -> gateway.ask(questionId, "propose", PROMPT, null))
                .isInstanceOf(ModelGateway.CallFailed.class).hasMessageContaining("bad key");

        assertThat(stub.requests()).hasSize(1);
        assertThat(calls()).singleElement().satisfies(c -> assertThat(c.error()).contains("AuthenticationException"));
        assertThat(slept).isEmpty();
    }

    @Test
    void whenEveryAttemptFailsEachIsRecordedAndTheWaitsDoubleUpToACap() {
        ChatModel model = mock(ChatModel.class);
        when(model.chat(any(ChatRequest.class))).thenThrow(new InternalServerException("model crashed"));
        ModelGateway gateway = gateway(model, retries(ModelStub.config("openai-compatible", "http://unused"), 5, 5));

        assertThatThrownBy(() -> gateway.ask(questionId, "re-ask", PROMPT, null))
                .isInstanceOf(ModelGateway.CallFailed.class).hasMessageContaining("model crashed");

        verify(model, times(6)).chat(any(ChatRequest.class));
        assertThat(calls()).hasSize(6).allSatisfy(c -> {
            assertThat(c.response()).isNull();
            assertThat(c.purpose()).isEqualTo("re-ask");
        });
        assertThat(calls().get(5).error()).startsWith("attempt 6 of 6:");
        assertThat(store.llmCalls().spend(questionId).failed()).isEqualTo(6);
        assertThat(slept).containsExactly(Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2),
                Duration.ofSeconds(4), Duration.ofSeconds(8));
    }

    @Test
    void noRetryStartsOnceTheRoundsDeadlineHasPassed() throws Exception {
        ChatModel model = mock(ChatModel.class);
        when(model.chat(any(ChatRequest.class))).thenThrow(new InternalServerException("model crashed"));
        ModelGateway gateway = gateway(model, retries(ModelStub.config("openai-compatible", "http://unused"), 5, 3));
        Deadline deadline = Deadline.after(Duration.ofMillis(1));
        Thread.sleep(5);

        assertThatThrownBy(() -> gateway.ask(questionId, "propose", PROMPT, null, deadline))
                .isInstanceOf(ModelGateway.CallFailed.class);

        verify(model, times(1)).chat(any(ChatRequest.class));
        assertThat(calls()).singleElement().satisfies(c -> assertThat(c.error()).startsWith("attempt 1 of 4:"));
        assertThat(slept).isEmpty();
    }

    @Test
    void storedPromptResponseAndErrorAreCappedWithAMarkerSayingHowMuchWasCut() throws Exception {
        String huge = "x".repeat(2_000_000);
        stub = new ModelStub(ModelStub.Flavour.OPENAI).answer(huge);
        ModelGateway gateway = gateway(retries(stub.config(), 5, 0));

        ModelGateway.Reply reply = gateway.ask(questionId, "propose", new Prompt("s", "u".repeat(100_000)), null);
        gateway.noteProblem(reply.callId(), "problem " + "y".repeat(100_000));

        LlmCall call = calls().get(0);
        assertThat(call.response()).hasSizeLessThanOrEqualTo(TextLimit.CALL_TEXT).startsWith("xxxx")
                .endsWith("[... truncated by nightshift: 1,934,533 of 2,000,000 characters cut]");
        assertThat(call.prompt()).hasSizeLessThanOrEqualTo(TextLimit.CALL_TEXT).contains("truncated by nightshift");
        assertThat(call.error()).hasSizeLessThanOrEqualTo(TextLimit.CALL_TEXT).contains("truncated by nightshift");
        assertThat(call.tokensOut()).as("usage is as reported, not from the stored text").isEqualTo(200);
    }

    @Test
    void capKeepsTextThatFitsAndMarksWhatWasCut() {
        assertThat(TextLimit.cap("short", 10)).isEqualTo("short");
        assertThat(TextLimit.cap(null, 10)).isNull();
        String capped = TextLimit.cap("a".repeat(5_000), TextLimit.PROPOSAL_TEXT);
        assertThat(capped).hasSize(TextLimit.PROPOSAL_TEXT).startsWith("aaa")
                .endsWith("[... truncated by nightshift: 3,061 of 5,000 characters cut]");
        // A character outside the BMP is never split in two.
        String emoji = "\uD83D\uDE00".repeat(3_000);
        String cut = TextLimit.cap(emoji, 1_000);
        assertThat(Character.isHighSurrogate(cut.charAt(cut.indexOf(" [...") - 1))).isFalse();
    }
}
