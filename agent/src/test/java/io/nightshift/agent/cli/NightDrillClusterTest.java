package io.nightshift.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.nightshift.store.Store;
import io.nightshift.store.Trial;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * The simulated night on three machines sharing one PostgreSQL database: three controller processes, each with its
 * own home and worker, run the two queued questions; each is killed with SIGKILL once (in turn) and started again;
 * the others recover its trials. The counts must add up as on one machine.
 */
class NightDrillClusterTest {

    private static final String URL = System.getProperty("nightshift.test.pg.url", "jdbc:postgresql://127.0.0.1:5432/test");
    private static final String USER = System.getProperty("nightshift.test.pg.user", "postgres");
    private static final String PASSWORD = System.getProperty("nightshift.test.pg.password", "");

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path dir;

    @Test
    void threeControllersOnPostgresqlLoseNothingRunNothingTwiceAndEndAtTheDeadline() throws Exception {
        assumeFalse(URL.isBlank() || URL.equals("none"), "PostgreSQL tests skipped (-Dnightshift.test.pg.url=none)");
        String schema = "ns_night_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        String url = URL + (URL.contains("?") ? "&" : "?") + "currentSchema=" + schema;
        try (Connection c = DriverManager.getConnection(URL, USER, PASSWORD); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        }
        try {
            List<NightDrill.Node> nodes = new ArrayList<>();
            for (int n = 1; n <= 3; n++) {
                Path home = dir.resolve("node-" + n);
                Files.createDirectories(home);
                Path config = home.resolve("nightshift.yaml");
                Files.writeString(config, """
                        home: %s
                        database:
                          url: "%s"
                          user: %s
                          password: "%s"
                        workers:
                          heap-mb: 256
                          heartbeat-seconds: 1
                          max-memory-mb: 1024
                        loop:
                          tick-seconds: 1
                          stale-after-seconds: 10
                        """.formatted(home, url, USER, PASSWORD) + NightDrill.LOOP_SETTINGS);
                nodes.add(new NightDrill.Node("node-" + n, config, home));
            }
            NightDrill.queueQuestions(nodes.get(0).config());
            NightDrill.Outcome outcome = NightDrill.run(nodes, Duration.ofSeconds(150),
                    List.of(Duration.ofSeconds(25), Duration.ofSeconds(50), Duration.ofSeconds(75)), 1);
            try (Store store = Store.open(url, USER, PASSWORD)) {
                System.out.print(NightDrill.check(store, outcome));
                // Every machine took part: trials ran under at least three controller processes.
                assertThat(store.questions().all().stream().flatMap(q -> store.trials().forQuestion(q.id()).stream())
                        .map(Trial::worker).distinct().count()).isGreaterThanOrEqualTo(3);
                assertThat(outcome.finalExitCodes()).containsOnly(0);
            }
        } finally {
            try (Connection c = DriverManager.getConnection(URL, USER, PASSWORD); Statement s = c.createStatement()) {
                s.execute("DROP SCHEMA " + schema + " CASCADE");
            }
        }
    }
}
