package io.nightshift.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nightshift.agent.planner.llm.ModelStub;
import io.nightshift.store.LlmCall;
import io.nightshift.store.Proposal;
import io.nightshift.store.ProposalStatus;
import io.nightshift.store.Question;
import io.nightshift.store.QuestionStatus;
import io.nightshift.agent.app.DatabaseCredentials;
import io.nightshift.store.Store;
import io.nightshift.store.TrialStatus;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code nightshift run --planner llm} on the scripted test plugin, with a WireMock stub as the
 * OpenAI-compatible model: real workers, Quartz and H2, the real LangChain4j client. The stub always
 * gives the same answer (one valid proposal, one out of range), so the second round sees a repeat,
 * asks again, and TPE fills in.
 */
class LlmPlannerEndToEndTest {

    @TempDir
    Path home;

    static final String ANSWER = """
            Here is my plan:
            {"proposals": [
              {"parameters": {"mode": "ok", "x": 0.4}, "rationale": "middle of the range", "hypothesis": "score near 0.4"},
              {"parameters": {"mode": "ok", "x": 7}, "rationale": "far out", "hypothesis": "score above 1"}]}""";

    private static String[] execute(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(args);
        return new String[] {String.valueOf(code), out.toString(), err.toString()};
    }

    @Test
    void theLoopRunsWithAModelRecordsEveryCallAndFallsBackToTpe() throws Exception {
        try (ModelStub stub = new ModelStub(ModelStub.Flavour.OPENAI).answer(ANSWER)) {
            Path config = home.resolve("nightshift.yaml");
            Files.writeString(config, """
                    home: %s
                    workers:
                      heap-mb: 256
                      heartbeat-seconds: 1
                      heartbeat-timeout-seconds: 60
                    loop:
                      tick-seconds: 1
                      planner: llm
                    llm:
                      provider: openai-compatible
                      base-url: %s
                      model: stub-model
                      timeout-seconds: 10
                      max-retries: 0
                      max-reasks: 1
                      price-per-1k-input-tokens: 0.5
                      price-per-1k-output-tokens: 1.5
                    """.formatted(home, stub.baseUrl()));

            String[] run = execute("--config", config.toString(), "run", "--plugin", "scripted", "--max-trials", "2",
                    "--trial-budget", "3", "--workers", "1", "--max-llm-cost", "100");

            assertThat(run[0]).as("exit code; stderr: %s", run[2]).isEqualTo("0");
            assertThat(run[1]).contains("planner llm").contains("Language model: openai-compatible stub-model")
                    .contains("Language model: 2 call(s)").contains("Findings");

            try (Store store = openStore(home)) {
                Question q = store.questions().find(1).orElseThrow();
                assertThat(q.status()).isEqualTo(QuestionStatus.DONE);
                List<Proposal> proposals = store.proposals().forQuestion(q.id());
                List<Proposal> approved = proposals.stream().filter(p -> p.status() == ProposalStatus.APPROVED).toList();
                assertThat(approved).extracting(Proposal::planner).containsExactly("llm", "tpe");
                assertThat(approved.get(0).params()).containsEntry("mode", "ok").containsEntry("x", 0.4);
                assertThat(approved.get(0).hypothesis()).isEqualTo("score near 0.4");
                List<Proposal> rejected = proposals.stream().filter(p -> p.status() == ProposalStatus.REJECTED).toList();
                assertThat(rejected).isNotEmpty().allSatisfy(p -> assertThat(p.planner()).isEqualTo("llm"));
                assertThat(rejected).anySatisfy(p -> assertThat(p.statusReason()).contains("x: 7.0 is outside [0.0, 1.0]"));
                assertThat(rejected).anySatisfy(p -> assertThat(p.statusReason()).contains("repeats an experiment"));
                // The model's experiment completes; TPE's may pick any scripted mode (some fail on purpose).
                assertThat(store.trials().forQuestion(q.id())).hasSize(2)
                        .allSatisfy(t -> assertThat(t.status().terminal()).isTrue())
                        .anySatisfy(t -> {
                            assertThat(t.proposalId()).isEqualTo(approved.get(0).id());
                            assertThat(t.status()).isEqualTo(TrialStatus.COMPLETED);
                        });

                List<LlmCall> calls = store.llmCalls().forQuestion(q.id());
                // One round plans both experiments (one for the worker, one ahead): the model's answer has one
                // valid proposal, it is asked again with the reasons, repeats itself, and TPE fills the other slot.
                // ... and when the study ends, one more call writes prose on top of the computed findings.
                assertThat(calls).extracting(LlmCall::purpose).containsExactly("propose", "re-ask", "findings");
                assertThat(calls.subList(0, 2)).allSatisfy(c -> {
                    assertThat(c.provider()).isEqualTo("openai-compatible");
                    assertThat(c.model()).isEqualTo("stub-model");
                    assertThat(c.response()).isEqualTo(ANSWER);
                    assertThat(c.tokensIn()).isEqualTo(1000);
                    assertThat(c.estimatedCost()).isCloseTo(0.8, org.assertj.core.data.Offset.offset(1e-9));
                    assertThat(c.prompt()).contains("Does scripting work?").doesNotContain("test_accuracy");
                });
                // The re-ask tells the model why its proposals were refused.
                assertThat(calls.get(1).prompt()).contains("x: 7.0 is outside");
            }

            String[] status = execute("--config", config.toString(), "status", "--json");
            assertThat(status[0]).isEqualTo("0");
            JsonNode llm = new ObjectMapper().readTree(status[1]).get("questions").get(0).get("llm");
            assertThat(llm.get("calls").asInt()).isEqualTo(3);
            assertThat(llm.get("estimatedCost").asDouble()).isCloseTo(2.4, org.assertj.core.data.Offset.offset(1e-9));
            String[] table = execute("--config", config.toString(), "status");
            assertThat(table[1]).contains("Language model: 3 call(s) (0 failed), 3000 tokens in, 600 out, estimated cost 2.4000");
        }
    }

    @Test
    void anLlmPlannerWithoutAModelIsAUsageErrorBeforeAnythingIsCreated() throws Exception {
        Path config = home.resolve("nightshift.yaml");
        Files.writeString(config, "home: %s\nllm:\n  api-key-env: NIGHTSHIFT_TEST_NO_SUCH_KEY\n".formatted(home));

        String[] noModel = execute("--config", config.toString(), "run", "--plugin", "scripted", "--planner", "llm");
        assertThat(noModel[0]).isEqualTo("2");
        assertThat(noModel[2]).contains("llm.model is empty");

        Files.writeString(config, "home: %s\nllm:\n  model: m\n  api-key-env: NIGHTSHIFT_TEST_NO_SUCH_KEY\n".formatted(home));
        String[] noKey = execute("--config", config.toString(), "run", "--plugin", "scripted", "--planner", "hybrid");
        assertThat(noKey[0]).isEqualTo("2");
        assertThat(noKey[2]).contains("NIGHTSHIFT_TEST_NO_SUCH_KEY").contains("is not set");
        assertThat(Files.exists(home.resolve("nightshift.mv.db"))).as("no database was created").isFalse();
    }

    private static Store openStore(Path home) {
        DatabaseCredentials credentials = DatabaseCredentials.forHome(home);
        return Store.open(Store.h2FileUrl(home.resolve("nightshift")), credentials.user(), credentials.password());
    }
}
