package io.nightshift.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.nightshift.agent.PgSchema;
import io.nightshift.store.Store;
import io.nightshift.store.Trial;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * The simulated night on three machines sharing one PostgreSQL database: three controller processes, each with its
 * own home and worker, run the two queued questions; each is killed with SIGKILL once (in turn) and started again;
 * the others recover its trials. The counts must add up as on one machine.
 */
class NightDrillClusterTest {

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path dir;

    @Test
    void threeControllersOnPostgresqlLoseNothingRunNothingTwiceAndEndAtTheDeadline() throws Exception {
        try (PgSchema schema = PgSchema.create("ns_night")) {
            List<NightDrill.Node> nodes = new ArrayList<>();
            for (int n = 1; n <= 3; n++) {
                Path home = dir.resolve("node-" + n);
                Path config = new TestHome(home).postgresConfig(schema.url(), 10, NightDrill.WORKER_SETTINGS,
                        NightDrill.LOOP_SETTINGS);
                nodes.add(new NightDrill.Node("node-" + n, config, home));
            }
            NightDrill.queueQuestions(nodes.get(0).config());
            NightDrill.Outcome outcome = NightDrill.run(nodes, Duration.ofSeconds(150),
                    List.of(Duration.ofSeconds(25), Duration.ofSeconds(50), Duration.ofSeconds(75)), 1);
            try (Store store = Store.open(schema.url(), PgSchema.USER, PgSchema.PASSWORD)) {
                System.out.print(NightDrill.check(store, outcome));
                // Every machine took part: trials ran under at least three controller processes.
                assertThat(store.questions().all().stream().flatMap(q -> store.trials().forQuestion(q.id()).stream())
                        .map(Trial::worker).distinct().count()).isGreaterThanOrEqualTo(3);
                assertThat(outcome.finalExitCodes()).containsOnly(0);
            }
        }
    }
}
