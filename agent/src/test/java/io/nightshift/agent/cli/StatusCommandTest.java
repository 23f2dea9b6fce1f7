package io.nightshift.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.nightshift.agent.app.DatabaseCredentials;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nightshift.agent.terminal.TerminalText;
import io.nightshift.agent.PgSchema;
import io.nightshift.store.Proposal;
import io.nightshift.store.Question;
import io.nightshift.store.Store;
import io.nightshift.store.Trial;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code status} through the real CLI against a store written beforehand. */
class StatusCommandTest {

    /** Sets the window title, clears the screen, turns everything red; then a C1 CSI and a bidi override. */
    static final String HOSTILE = "\u001b]0;pwned\u0007\u001b[2J\u001b[31mred\u001b[0m \u009b2J \u202eevil";

    @TempDir
    Path home;

    private Path config() throws Exception {
        return Files.writeString(home.resolve("nightshift.yaml"), "home: " + home + "\n");
    }

    private Store openStore() {
        DatabaseCredentials credentials = DatabaseCredentials.forHome(home);
        return Store.open(Store.h2FileUrl(home.resolve("nightshift")), credentials.user(), credentials.password());
    }

    private static String[] execute(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(args);
        return new String[] {String.valueOf(code), out.toString(), err.toString()};
    }

    /** A finished trial of {@code q} with these parameters; objective null for a failed one. */
    private static Trial trial(Store store, Question q, Map<String, Object> params, Double objective, String error) {
        Proposal p = store.proposals().create(q.id(), params, "tpe", "why", "hypothesis");
        Trial t = store.trials().create(q.id(), p.id(), 1, 42);
        Instant now = Instant.now();
        store.trials().markRunning(t.id(), "test", now);
        if (objective != null) {
            store.trials().complete(t.id(), objective, Map.of("score", objective, "test_accuracy", 0.5), now.plusSeconds(3));
        } else {
            store.trials().fail(t.id(), error, now.plusSeconds(1));
        }
        return store.trials().find(t.id()).orElseThrow();
    }

    @Test
    void pastQuestionOfAPluginThatIsNotInstalledIsShownFromTheStore() throws Exception {
        Path config = config();
        try (Store store = openStore()) {
            Question gone = store.questions().create("gone-plugin", "does x help?", "tpe", 3, 30, 7);
            trial(store, gone, Map.of("width", 64, "rate", 0.01), 0.71, null);
            trial(store, gone, Map.of("width", 128, "rate", 0.02), 0.93, null);
            trial(store, gone, Map.of("width", 256, "rate", 0.03), null, "out of memory");
            store.questions().create("mnist-mlp", "what width?", "tpe", 2, 30, 7);
        }

        String[] one = execute("--config", config.toString(), "status", "--question", "1");
        assertThat(one[0]).as("exit code; stderr: %s", one[2]).isEqualTo("0");
        assertThat(one[1]).contains("Question #1 [active] gone-plugin (plugin not installed)")
                .contains("does x help?")
                .contains("Plugin 'gone-plugin' is not installed")
                .contains("width").contains("rate").contains("objective")
                .contains("128").contains("0.9300").contains("0.7100")
                .contains("Best: unknown").contains("maximised or minimised")
                .contains("highest 0.9300 (trial #2)").contains("lowest 0.7100 (trial #1)")
                .contains("trial #3 failed: out of memory");

        String[] all = execute("--config", config.toString(), "status", "--all");
        assertThat(all[0]).as("exit code; stderr: %s", all[2]).isEqualTo("0");
        assertThat(all[1]).contains("gone-plugin (plugin not installed)").contains("Question #2 [active] mnist-mlp,")
                .contains("hidden_width");

        String[] json = execute("--config", config.toString(), "status", "--all", "--json");
        assertThat(json[0]).as("exit code; stderr: %s", json[2]).isEqualTo("0");
        JsonNode first = new ObjectMapper().readTree(json[1]).get("questions").get(0);
        assertThat(first.get("plugin").asText()).isEqualTo("gone-plugin");
        assertThat(first.get("pluginInstalled").asBoolean()).isFalse();
        assertThat(first.get("objective").isNull()).isTrue();
        assertThat(first.get("best").isNull()).isTrue();
        assertThat(first.get("trials")).hasSize(3);
        assertThat(first.get("trials").get(1).get("objective").asDouble()).isEqualTo(0.93);
        JsonNode second = new ObjectMapper().readTree(json[1]).get("questions").get(1);
        assertThat(second.get("pluginInstalled").asBoolean()).isTrue();
        assertThat(second.get("objective").get("metric").asText()).isEqualTo("val_accuracy");
    }

    @Test
    void aCorruptPluginJarDoesNotStopStatusOrPlugins() throws Exception {
        Path config = config();
        Path plugins = Files.createDirectories(home.resolve("plugins"));
        Files.writeString(plugins.resolve("corrupt.jar"), "not a zip");
        try (Store store = openStore()) {
            Question q = store.questions().create("mnist-mlp", "what width?", "tpe", 2, 30, 7);
            trial(store, q, Map.of("hidden_width", 64), 0.9, null);
        }

        String[] status = execute("--config", config.toString(), "status");
        assertThat(status[0]).as("exit code; stderr: %s", status[2]).isEqualTo("0");
        assertThat(status[1]).contains("Best: trial #1");

        String[] list = execute("--config", config.toString(), "plugins");
        assertThat(list[0]).as("exit code; stderr: %s", list[2]).isEqualTo("0");
        assertThat(list[1]).contains("mnist-mlp").contains("mnist-cnn");

        String[] run = execute("--config", config.toString(), "run", "--plugin", "corrupt");
        assertThat(run[0]).isEqualTo("2");
        assertThat(run[2]).contains("no plugin named 'corrupt'").contains("corrupt.jar").contains("not a readable jar");
    }

    @Test
    void hostileTextFromTheStoreReachesTheTerminalEscaped() throws Exception {
        Path config = config();
        try (Store store = openStore()) {
            Question q = store.questions().create("mnist-mlp", "width? " + HOSTILE, "tpe", 3, 30, 7);
            Map<String, Object> params = new LinkedHashMap<>();
            params.put("hidden_width", 64);
            params.put("activation", HOSTILE);
            trial(store, q, params, 0.9, null);
            trial(store, q, Map.of("hidden_width", 32, "activation", "relu"), null, "crashed: " + HOSTILE + "\nsecond line");
            Question gone = store.questions().create("gone-plugin", "old " + HOSTILE, "tpe", 3, 30, 7);
            trial(store, gone, Map.of(HOSTILE, HOSTILE), 0.5, null);
        }

        String[] text = execute("--config", config.toString(), "status", "--all");
        assertThat(text[0]).as("exit code; stderr: %s", text[2]).isEqualTo("0");
        assertThat(noControlCharacters(text[1])).as(text[1]).isTrue();
        assertThat(text[1]).contains("\\e]0;pwned\\u0007\\e[2J\\e[31mred").contains("\\u009b2J").contains("\\u202eevil")
                .contains("crashed: \\e]0;pwned").contains("\n    second line");

        String[] json = execute("--config", config.toString(), "status", "--all", "--json");
        assertThat(json[0]).as("exit code; stderr: %s", json[2]).isEqualTo("0");
        assertThat(noControlCharacters(json[1])).as(json[1]).isTrue();
        JsonNode questions = new ObjectMapper().readTree(json[1]).get("questions");
        assertThat(questions.get(0).get("trials").get(0).get("params").get("activation").asText())
                .as("JSON keeps the stored value exactly").isEqualTo(HOSTILE);
    }

    @Test
    void statusJsonMasksTheDatabasePassword() throws Exception {
        try (PgSchema schema = PgSchema.create("nightshift_status")) {
            // The server trusts local connections, so any password works; the point is that it is never shown.
            String url = schema.url() + "&user=" + PgSchema.USER + "&password=secret";
            Path config = Files.writeString(home.resolve("pg.yaml"), """
                    home: %s
                    database:
                      url: "%s"
                    """.formatted(home, url));

            String[] json = execute("--config", config.toString(), "status", "--json");

            assertThat(json[0]).as("exit code; stderr: %s", json[2]).isEqualTo("0");
            assertThat(json[1] + json[2]).doesNotContain("secret");
            assertThat(new ObjectMapper().readTree(json[1]).get("database").asText())
                    .startsWith("jdbc:postgresql://").contains("password=***").contains(schema.name());
            assertThat(Files.readString(home.resolve("logs").resolve("nightshift.log"))).doesNotContain("secret");
        }
    }

    private static boolean noControlCharacters(String output) {
        return output.chars().noneMatch(c -> TerminalText.unsafe((char) c) && c != '\n' && c != '\t');
    }
}
