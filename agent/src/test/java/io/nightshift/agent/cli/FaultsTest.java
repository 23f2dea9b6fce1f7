package io.nightshift.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.nightshift.store.EndCause;
import io.nightshift.store.Proposal;
import io.nightshift.store.QuestionStatus;
import io.nightshift.store.Store;
import io.nightshift.store.Trial;
import io.nightshift.store.TrialStatus;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every kind of fault costs its own trial, says why, and the night goes on. */
class FaultsTest {

    @TempDir
    Path home;

    @Test
    void eachFaultIsRecordedWithItsCauseTheWorkerIsReplacedAndTheLoopGoesOn() throws Exception {
        // Workers may hold 1 GB: the native fault (libtorch tensors, outside the Java heap) goes past it.
        Path config = new TestHome(home).config("  max-memory-mb: 1024\n", "  max-attempts: 2\n");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute("--config",
                config.toString(), "run", "--plugin", "faults", "--sweep", "fault=halt,throw,nan,heap,native,none",
                "--seeds", "1", "--trial-budget", "30", "--workers", "1");

        assertThat(code).as("one trial completed; stdout %s%nstderr %s", out, err).isZero();
        try (Store store = new TestHome(home).openStore()) {
            assertThat(store.questions().find(1).orElseThrow().status()).isEqualTo(QuestionStatus.DONE);
            Map<Long, Object> faultOf = store.proposals().forQuestion(1).stream()
                    .collect(Collectors.toMap(Proposal::id, p -> p.params().get("fault")));
            Map<Object, List<Trial>> byFault = store.trials().forQuestion(1).stream()
                    .collect(Collectors.groupingBy(t -> faultOf.get(t.proposalId())));

            // A worker lost under its trial may be transient: it runs again, up to max-attempts runs in all.
            assertThat(byFault.get("halt")).hasSize(2).allSatisfy(t -> {
                assertThat(t.status()).isEqualTo(TrialStatus.FAILED);
                assertThat(t.endCause()).isEqualTo(EndCause.WORKER_LOST);
                assertThat(t.error()).contains("exited mid-trial with code 42").contains("worker-1.log");
            });
            assertThat(byFault.get("throw")).singleElement().satisfies(t -> {
                assertThat(t.endCause()).isEqualTo(EndCause.PLUGIN_ERROR);
                assertThat(t.error()).contains("fault on command");
            });
            assertThat(byFault.get("nan")).singleElement().satisfies(t -> {
                assertThat(t.status()).isEqualTo(TrialStatus.FAILED);
                assertThat(t.error()).contains("NaN");
            });
            assertThat(byFault.get("heap")).singleElement().satisfies(t -> {
                assertThat(t.status()).isEqualTo(TrialStatus.FAILED);
                assertThat(t.error()).contains("OutOfMemoryError");
            });
            // Native memory: the worker is killed at its memory limit, the trial fails once (it would again).
            assertThat(byFault.get("native")).singleElement().satisfies(t -> {
                assertThat(t.status()).isEqualTo(TrialStatus.FAILED);
                assertThat(t.endCause()).isEqualTo(EndCause.OUT_OF_MEMORY);
                assertThat(t.error()).contains("over its limit of 1024 MB (workers.max-memory-mb)");
            });
            assertThat(byFault.get("none")).singleElement()
                    .satisfies(t -> assertThat(t.status()).isEqualTo(TrialStatus.COMPLETED));
        }
    }
}
