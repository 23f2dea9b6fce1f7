package io.nightshift.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nightshift.agent.app.DatabaseCredentials;
import io.nightshift.agent.planner.llm.ModelStub;
import io.nightshift.store.Decision;
import io.nightshift.store.LlmCall;
import io.nightshift.store.Proposal;
import io.nightshift.store.ProposalStatus;
import io.nightshift.store.QuestionStatus;
import io.nightshift.store.Store;
import io.nightshift.store.Trial;
import io.nightshift.store.TrialStatus;
import io.nightshift.store.Verdict;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Manual review end to end: {@code run --review manual} in a controller JVM of its own (real workers, Quartz, H2,
 * the language-model planner against a stub), and a person in this JVM deciding through the CLI
 * ({@code nightshift review}), as from a second terminal. The proposals wait; two are approved and one rejected;
 * exactly two trials run; the planner's next prompt carries the rejection, its reason and who made it.
 */
class ReviewEndToEndTest {

    /** The model always answers these three; it is asked for two, then for one. */
    static final String ANSWER = """
            {"proposals": [
              {"parameters": {"width": 64, "x": 0.1}, "rationale": "a middling model", "hypothesis": "score near 0.1"},
              {"parameters": {"width": 128, "x": 0.2}, "rationale": "a bit more", "hypothesis": "score near 0.2"},
              {"parameters": {"width": 32, "x": 0.3}, "rationale": "narrow, larger x", "hypothesis": "score near 0.3"}]}""";

    static final String REASON = "x=0.2 is too close to x=0.1 to teach us anything; try x above 0.25";

    @TempDir
    Path home;

    private String[] review(Path config, String... args) {
        List<String> all = new ArrayList<>(List.of("--config", config.toString(), "review"));
        all.addAll(List.of(args));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(all.toArray(String[]::new));
        return new String[] {String.valueOf(code), out.toString(), err.toString()};
    }

    private JsonNode pending(Path config) throws Exception {
        String[] list = review(config, "--json");
        assertThat(list[0]).as(list[2]).isEqualTo("0");
        return new ObjectMapper().readTree(list[1]).get("pending");
    }

    private JsonNode awaitPending(Path config, Predicate<JsonNode> until, Process controller, Path log) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (Instant.now().isBefore(deadline)) {
            if (Files.exists(home.resolve(DatabaseCredentials.FILE_NAME)) && Files.exists(home.resolve("nightshift.mv.db"))) {
                try {
                    JsonNode pending = pending(config);
                    if (until.test(pending)) {
                        return pending;
                    }
                } catch (AssertionError | RuntimeException e) {
                    // the controller is still creating the schema
                }
            }
            assertThat(controller.isAlive()).as("controller exited early:%n%s", Files.readString(log)).isTrue();
            Thread.sleep(250);
        }
        throw new AssertionError("the proposals did not come:\n" + Files.readString(log));
    }

    @Test
    void proposalsWaitForAPersonWhoseDecisionsTheLoopFollows() throws Exception {
        try (ModelStub stub = new ModelStub(ModelStub.Flavour.OPENAI).answer(ANSWER)) {
            Path config = home.resolve("nightshift.yaml");
            Files.writeString(config, """
                    home: %s
                    workers:
                      heap-mb: 256
                      heartbeat-seconds: 1
                    loop:
                      tick-seconds: 1
                    llm:
                      provider: openai-compatible
                      base-url: %s
                      model: stub-model
                      max-retries: 0
                      max-reasks: 0
                    """.formatted(home, stub.baseUrl()));
            Path log = home.resolve("controller.out");
            Process controller = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), Main.class.getName(), "--config", config.toString(),
                    "run", "--plugin", "tiny", "--question", "Does review work?", "--review", "manual",
                    "--planner", "llm", "--max-trials", "2", "--workers", "1", "--trial-budget", "10")
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            try {
                JsonNode first = awaitPending(config, p -> p.size() == 2, controller, log);
                long keep = first.get(0).get("id").asLong();
                long drop = first.get(1).get("id").asLong();
                assertThat(first.get(0).get("params").get("x").asDouble()).isEqualTo(0.1);
                assertThat(first.get(1).get("params").get("x").asDouble()).isEqualTo(0.2);
                assertThat(first.get(0).get("waitingBecause").asText()).contains("manual");
                assertThat(first.get(0).get("estimate").get("parameters").asLong()).isEqualTo(6410);

                // Waiting is idle: no planning, no model calls, no busy loop in the controller.
                long cpuBefore = cpuMillis(controller);
                Thread.sleep(3000);
                long cpuSpent = cpuMillis(controller) - cpuBefore;
                // A thread spinning while it waits would burn about the whole 3 s of one core; idle waiting far less.
                assertThat(cpuSpent).as("controller CPU while waiting 3 s").isLessThan(2500);
                assertThat(pending(config)).hasSize(2);
                try (Store store = openStore()) {
                    assertThat(store.llmCalls().forQuestion(1)).hasSize(1);
                    assertThat(store.trials().forQuestion(1)).isEmpty();
                }

                String[] approve = review(config, "approve", String.valueOf(keep), "--actor", "alice");
                assertThat(approve[0]).as(approve[2]).isEqualTo("0");
                String[] reject = review(config, "reject", String.valueOf(drop), "--reason", REASON, "--actor", "alice");
                assertThat(reject[0]).as(reject[2]).isEqualTo("0");

                // The loop runs the approved one and asks the model for one more, which waits too.
                JsonNode next = awaitPending(config, p -> p.size() == 1, controller, log);
                assertThat(next.get(0).get("params").get("x").asDouble()).isEqualTo(0.3);
                String[] approveNext = review(config, "approve", next.get(0).get("id").asText(), "--actor", "alice");
                assertThat(approveNext[0]).as(approveNext[2]).isEqualTo("0");

                assertThat(controller.waitFor(60, TimeUnit.SECONDS)).as("the run ends once both trials ran").isTrue();
                assertThat(controller.exitValue()).as(Files.readString(log)).isZero();
                String printed = Files.readString(log);
                assertThat(printed).contains("Review: manual").contains("2 proposal(s) wait for review")
                        .contains("nightshift review approve ID");

                try (Store store = openStore()) {
                    assertThat(store.questions().find(1).orElseThrow().status()).isEqualTo(QuestionStatus.DONE);
                    List<Proposal> proposals = store.proposals().forQuestion(1);
                    List<Long> approved = proposals.stream().filter(p -> p.status() == ProposalStatus.APPROVED)
                            .map(Proposal::id).toList();
                    assertThat(approved).containsExactly(keep, next.get(0).get("id").asLong());
                    List<Trial> trials = store.trials().forQuestion(1);
                    assertThat(trials).as("exactly the two approved experiments ran").hasSize(2)
                            .allSatisfy(t -> assertThat(t.status()).isEqualTo(TrialStatus.COMPLETED))
                            .extracting(Trial::proposalId).containsExactlyElementsOf(approved);
                    assertThat(store.decisions().forProposal(drop)).singleElement().satisfies(d -> assertThat(d)
                            .extracting(Decision::actor, Decision::verdict, Decision::reason)
                            .containsExactly("alice", Verdict.REJECT, REASON));
                    for (long id : approved) {
                        assertThat(store.decisions().forProposal(id)).extracting(Decision::actor).containsExactly("alice");
                    }

                    List<LlmCall> proposeCalls = store.llmCalls().forQuestion(1).stream()
                            .filter(c -> c.purpose().equals("propose")).toList();
                    assertThat(proposeCalls).hasSize(2);
                    assertThat(proposeCalls.get(0).prompt()).doesNotContain("rejected by reviewer");
                    assertThat(proposeCalls.get(1).prompt()).contains("Rejected earlier")
                            .contains("rejected by reviewer alice: " + REASON);
                }
            } finally {
                controller.destroy();
                controller.waitFor(30, TimeUnit.SECONDS);
            }
        }
    }

    /** User and system CPU time of a process, from /proc (clock ticks of 10 ms). */
    private static long cpuMillis(Process process) throws Exception {
        String[] fields = Files.readString(Path.of("/proc", String.valueOf(process.pid()), "stat"))
                .replaceFirst("^.*\\) ", "").split(" ");
        // After the command name: state is field 3, so utime (14) and stime (15) are at 11 and 12 here.
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10;
    }

    private Store openStore() {
        DatabaseCredentials credentials = DatabaseCredentials.forHome(home);
        return Store.open(Store.h2FileUrl(home.resolve("nightshift")), credentials.user(), credentials.password());
    }
}
