package io.nightshift.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A trial's files, note and log are kept with it, under a size cap, and 'nightshift trial N' shows them. */
class TrialCommandTest {

    @TempDir
    Path home;

    private static String[] execute(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(args);
        return new String[] {String.valueOf(code), out.toString(), err.toString()};
    }

    @Test
    void artifactsNotesLogsAndCurvesOfATrialAreListedAndTheCapIsKept() throws Exception {
        Path config = home.resolve("nightshift.yaml");
        Files.writeString(config, """
                home: %s
                workers:
                  heap-mb: 256
                  heartbeat-seconds: 1
                loop:
                  tick-seconds: 1
                artifacts:
                  max-mb-per-trial: 1
                """.formatted(home));
        String[] run = execute("--config", config.toString(), "run", "--plugin", "artifacts", "--sweep",
                "megabytes=0,2", "--seeds", "1", "--workers", "1", "--trial-budget", "20");
        assertThat(run[0]).as("stdout %s%nstderr %s", run[1], run[2]).isEqualTo("0");

        String[] small = execute("--config", config.toString(), "trial", "1");
        assertThat(small[0]).as(small[2]).isEqualTo("0");
        assertThat(small[1]).contains("Trial #1 (attempt 1)").contains("megabytes").contains("attempt 1 of proposal 1")
                .contains("weights.png").contains("image").contains("model/last.params").contains("checkpoint")
                .contains("summary").contains("wrote two files").contains("Proposal #1 by design");
        assertThat(home.resolve("artifacts/trial-1/weights.png")).exists();
        assertThat(home.resolve("checkpoints/proposal-1/attempt-1")).exists();

        JsonNode json = new ObjectMapper().readTree(execute("--config", config.toString(), "trial", "1", "--json")[1]);
        assertThat(json.get("artifacts")).hasSize(3);
        JsonNode png = null;
        for (JsonNode a : json.get("artifacts")) {
            if (a.get("name").asText().equals("weights.png")) {
                png = a;
            }
        }
        assertThat(png).isNotNull();
        assertThat(png.get("sha256").asText()).hasSize(64);
        assertThat(png.get("sizeBytes").asLong()).isEqualTo(4);
        assertThat(json.get("log").get(0).asText()).isEqualTo("attempt 1 of proposal 1");

        // Trial 2 wrote 2 MB against a cap of 1 MB: the big file is deleted and the trial's log says so.
        String[] big = execute("--config", config.toString(), "trial", "2");
        assertThat(big[1]).contains("weights.png").doesNotContain("model/last.params  ")
                .contains("over the cap of 1 MB").contains("artifacts.max-mb-per-trial");
        assertThat(home.resolve("artifacts/trial-2/model/last.params")).doesNotExist();

        String[] missing = execute("--config", config.toString(), "trial", "99");
        assertThat(missing[0]).isEqualTo("2");
        assertThat(missing[2]).contains("no trial #99");
    }
}
