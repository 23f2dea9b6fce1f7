package io.nightshift.agent.cli;

import io.nightshift.agent.PgSchema;
import io.nightshift.agent.app.DatabaseCredentials;
import io.nightshift.store.Store;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A nightshift home for end-to-end tests of the CLI: a configuration with small workers and a fast tick, the CLI
 * run in this JVM, and the home's H2 store opened with its generated credentials.
 */
final class TestHome {

    private final Path home;

    TestHome(Path home) {
        this.home = home;
    }

    /** Writes {@code nightshift.yaml}: 256 MB workers beating every second, a 1 s tick, plus {@code extra} YAML. */
    Path config(String extra) throws Exception {
        return config("", extra);
    }

    /** As {@link #config(String)}, with {@code workers} lines (indented) added to the workers section. */
    Path config(String workers, String extra) throws Exception {
        Path config = home.resolve("nightshift.yaml");
        Files.writeString(config, """
                home: %s
                workers:
                  heap-mb: 256
                  heartbeat-seconds: 1
                %sloop:
                  tick-seconds: 1
                """.formatted(home, workers) + extra);
        return config;
    }

    Path config() throws Exception {
        return config("");
    }

    /**
     * Writes {@code nightshift.yaml} for a controller of a cluster on PostgreSQL ({@code url}): 256 MB workers beating
     * every second, a 1 s tick, another controller's trials stale after {@code staleAfterSeconds} without a heartbeat,
     * plus {@code workers} and {@code loop} lines (indented).
     */
    Path postgresConfig(String url, int staleAfterSeconds, String workers, String loop) throws Exception {
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
                %sloop:
                  tick-seconds: 1
                  stale-after-seconds: %d
                """.formatted(home, url, PgSchema.USER, PgSchema.PASSWORD, workers, staleAfterSeconds) + loop);
        return config;
    }

    /** Runs the CLI here: {exit code, stdout, stderr}. */
    static String[] execute(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(args);
        return new String[] {String.valueOf(code), out.toString(), err.toString()};
    }

    Store openStore() {
        DatabaseCredentials credentials = DatabaseCredentials.forHome(home);
        return Store.open(Store.h2FileUrl(home.resolve("nightshift")), credentials.user(), credentials.password());
    }
}
