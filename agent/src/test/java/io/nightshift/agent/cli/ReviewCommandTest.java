package io.nightshift.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nightshift.agent.app.DatabaseCredentials;
import io.nightshift.store.Decision;
import io.nightshift.store.Placement;
import io.nightshift.store.Proposal;
import io.nightshift.store.ProposalStatus;
import io.nightshift.store.Question;
import io.nightshift.store.QuestionOrigin;
import io.nightshift.store.QuestionRepository;
import io.nightshift.store.QuestionStatus;
import io.nightshift.store.Store;
import io.nightshift.store.Verdict;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code nightshift review} on a store filled by hand: what it lists, how it decides, its errors and exit codes. */
class ReviewCommandTest {

    @TempDir
    Path home;

    Path config;
    Question question;
    Proposal first;
    Proposal second;

    private static String[] execute(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(args);
        return new String[] {String.valueOf(code), out.toString(), err.toString()};
    }

    private String[] review(String... args) {
        String[] all = new String[args.length + 3];
        all[0] = "--config";
        all[1] = config.toString();
        all[2] = "review";
        System.arraycopy(args, 0, all, 3, args.length);
        return execute(all);
    }

    private Store openStore() {
        DatabaseCredentials credentials = DatabaseCredentials.forHome(home);
        return Store.open(Store.h2FileUrl(home.resolve("nightshift")), credentials.user(), credentials.password());
    }

    @BeforeEach
    void fill() throws Exception {
        config = home.resolve("nightshift.yaml");
        Files.writeString(config, "home: %s%n".formatted(home));
        String[] empty = review();
        assertThat(empty[0]).as(empty[2]).isEqualTo("0");
        assertThat(empty[1]).contains("No proposals wait for review.");
        try (Store store = openStore()) {
            question = store.questions().create(new QuestionRepository.NewQuestion("tiny", "Does review work?",
                    "tpe", 10, 60, 1, QuestionStatus.ACTIVE, null, QuestionOrigin.PERSON, "manual"));
            first = store.proposals().create(question.id(), params(64, 0.5), "llm",
                    "wide \u001b[2J nets", "score \u009b above 0.5", Placement.NONE);
            second = store.proposals().create(question.id(), params(8, 0.1), "tpe", null, null, new Placement(null, 0, 7L));
        }
    }

    private static Map<String, Object> params(int width, double x) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("width", width);
        p.put("x", x);
        return p;
    }

    @Test
    void listsWhatWaitsWithEstimatesAndWhyAndEscapesWhatCameFromOutside() throws Exception {
        String[] list = review("--question", String.valueOf(question.id()));

        assertThat(list[0]).as(list[2]).isEqualTo("0");
        String out = list[1];
        assertThat(out).contains("2 proposal(s) pending for question #" + question.id() + ", 2 waiting for a person.")
                .contains("#" + first.id() + "  question #" + question.id() + " (tiny, review manual): Does review work?")
                .contains("params      {\"width\":64,\"x\":0.5}")
                .contains("planner     llm")
                .contains("rationale   wide \\e[2J nets")
                .contains("hypothesis  score \\u009b above 0.5")
                .contains("parameters  6,410")
                .contains("time        no estimate yet (no trial of this question has completed yet); at most the trial budget, 60 s")
                .contains("memory      about 0.11 MB (16 B per parameter")
                .contains("waiting     review policy manual: every proposal of this question waits for a person")
                .contains("placement   run 1, seed 7")
                .contains("Decide: nightshift review approve ID...");
        assertThat(out).doesNotContain("\u001b").doesNotContain("\u009b");

        String[] json = review("list", "--json");
        assertThat(json[0]).isEqualTo("0");
        assertThat(json[1]).doesNotContain("\u001b").doesNotContain("\u009b");
        JsonNode pending = new ObjectMapper().readTree(json[1]).get("pending");
        assertThat(pending).hasSize(2);
        JsonNode p = pending.get(0);
        assertThat(p.get("id").asLong()).isEqualTo(first.id());
        assertThat(p.get("rationale").asText()).isEqualTo("wide \u001b[2J nets");
        assertThat(p.get("policy").asText()).isEqualTo("manual");
        assertThat(p.get("waitingFor").asText()).isEqualTo("person");
        assertThat(p.get("estimate").get("parameters").asLong()).isEqualTo(6410);
        assertThat(p.get("estimate").get("seconds").isNull()).isTrue();
        assertThat(p.get("params").get("width").asInt()).isEqualTo(64);

        String[] missing = review("--question", "999");
        assertThat(missing[0]).isEqualTo("2");
        assertThat(missing[2]).contains("no question #999");
    }

    @Test
    void approvesRejectsAndEditsWithExitCodesThatSayWhatHappened() {
        String[] approve = review("approve", String.valueOf(first.id()), "--actor", "alice");
        assertThat(approve[0]).as(approve[2]).isEqualTo("0");
        assertThat(approve[1]).contains("Approved proposal #" + first.id() + " (alice)");

        // The same again, with another: the first was decided already (exit 1), the other goes through.
        String[] again = review("approve", String.valueOf(first.id()), String.valueOf(second.id()));
        assertThat(again[0]).isEqualTo("1");
        assertThat(again[2]).contains("proposal #" + first.id() + " was already approved by alice");
        assertThat(again[1]).contains("Approved proposal #" + second.id() + " (" + System.getProperty("user.name") + ")");

        String[] noReason = review("reject", String.valueOf(first.id()));
        assertThat(noReason[0]).isEqualTo("2");
        assertThat(noReason[2]).contains("--reason");

        String[] unknown = review("reject", "424242", "--reason", "no");
        assertThat(unknown[0]).isEqualTo("2");
        assertThat(unknown[2]).contains("no proposal #424242");

        try (Store store = openStore()) {
            assertThat(store.decisions().forProposal(first.id())).extracting(Decision::actor, Decision::verdict)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("alice", Verdict.APPROVE));
        }
    }

    @Test
    void anEditIsCheckedAgainstTheSpaceAndKeepsAnAuditTrail() {
        String[] bad = review("edit", String.valueOf(first.id()), "--set", "width=99999", "--actor", "alice");
        assertThat(bad[0]).isEqualTo("2");
        assertThat(bad[2]).contains("width: 99999 is outside [1, 4096]");
        String[] malformed = review("edit", String.valueOf(first.id()), "--set", "width");
        assertThat(malformed[0]).isEqualTo("2");
        assertThat(malformed[2]).contains("--set takes NAME=VALUE");

        String[] edit = review("edit", String.valueOf(first.id()), "--set", "width=128", "--reason", "wider", "--actor", "alice");
        assertThat(edit[0]).as(edit[2]).isEqualTo("0");
        assertThat(edit[1]).contains("Proposal #" + first.id() + " is replaced by #").contains("(width 64 -> 128), approved");

        try (Store store = openStore()) {
            Proposal original = store.proposals().find(first.id()).orElseThrow();
            assertThat(original.status()).isEqualTo(ProposalStatus.REJECTED);
            assertThat(original.statusReason()).startsWith("replaced by edit as #").endsWith("(width 64 -> 128): wider");
            Proposal copy = store.proposals().forQuestion(question.id()).get(2);
            assertThat(copy.status()).isEqualTo(ProposalStatus.APPROVED);
            assertThat(copy.params()).containsEntry("width", 128).containsEntry("x", 0.5);
        }
        String[] list = review();
        assertThat(list[1]).contains("1 proposal(s) pending, 1 waiting for a person.").contains("#" + second.id() + " ");
    }
}
