package io.nightshift.plugins.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What docs/PLUGINS.md promises an author, with the real pieces: the sample plugin's packaged jar (built by its own
 * module with the plugin parent POM) is dropped into the {@code plugins/} directory of a fresh
 * {@code NIGHTSHIFT_HOME}, and {@code nightshift plugins}, {@code run}, {@code status} and {@code trial} run in JVMs of
 * their own whose classpath is the agent's runtime classpath, without the plugin: it can only be found in the jar.
 */
class ExternalPluginEndToEndTest {

    private static final String PLUGIN = "hello-descent";
    private static final Duration COMMAND_LIMIT = Duration.ofSeconds(120);

    @TempDir
    Path temp;

    private Path home;
    private String classpath;

    @BeforeEach
    void freshHome() throws IOException {
        classpath = Files.readString(Path.of(System.getProperty("nightshift.e2e.classpath"))).trim();
        Path jar = Path.of(System.getProperty("nightshift.e2e.plugin-jar"));
        assertThat(jar).as("the sample plugin's jar, packaged by examples/hello-plugin").isRegularFile();
        home = temp.resolve("home");
        Files.createDirectories(home.resolve("plugins"));
        Files.copy(jar, home.resolve("plugins").resolve("hello-plugin.jar"));
    }

    @Test
    void theSamplePluginIsFoundInThePluginsDirectoryAndRunsATrialWithItsSettings() throws Exception {
        // The plugin is on no classpath: not the commands' and not this test's.
        assertThat(Arrays.asList(classpath.split(File.pathSeparator)))
                .noneMatch(entry -> entry.contains("hello-plugin"))
                .anyMatch(entry -> entry.contains("nightshift-agent") || entry.contains("agent"));
        assertThatThrownBy(() -> Class.forName("org.example.hello.HelloDescentPlugin"))
                .isInstanceOf(ClassNotFoundException.class);
        Files.writeString(home.resolve("nightshift.yaml"), """
                loop:
                  tick-seconds: 1
                workers:
                  heap-mb: 256
                plugins:
                  hello-descent:
                    noise: 0.05
                    dimensions: 4
                """);

        Result plugins = nightshift("plugins");
        assertThat(plugins.exit()).as(plugins.toString()).isZero();
        assertThat(plugins.out()).contains(PLUGIN).contains("minimize val_loss")
                .contains("momentum").contains("(only when optimizer is one of [momentum])")
                .contains("Does momentum beat plain SGD at a small learning rate?");

        Result run = nightshift("run", "--plugin", PLUGIN, "--max-trials", "1", "--trial-budget", "20");
        assertThat(run.exit()).as(run.toString()).isZero();

        JsonNode status = json(nightshift("status", "--json"));
        JsonNode question = status.path("questions").get(0);
        assertThat(question.path("plugin").asText()).isEqualTo(PLUGIN);
        assertThat(question.path("trials")).hasSize(1);
        JsonNode trial = question.path("trials").get(0);
        assertThat(trial.path("status").asText()).as(trial.toString()).isEqualTo("COMPLETED");
        assertThat(trial.path("metrics").path("val_loss").isNumber()).isTrue();
        // The settings of nightshift.yaml reached the plugin in the worker that ran the trial.
        assertThat(trial.path("metrics").path("noise").asDouble()).isEqualTo(0.05);

        JsonNode detail = json(nightshift("trial", trial.path("id").asText(), "--json"));
        assertThat(detail.path("curves").toString()).contains("val_loss").contains("train_loss");
        List<String> artifacts = new ArrayList<>();
        detail.path("artifacts").forEach(a -> artifacts.add(a.path("name").asText()));
        assertThat(artifacts).contains("curve.csv");
        assertThat(detail.toString()).contains("noise=0.05, dimensions=4");
    }

    @Test
    void aSettingThePluginRefusesIsAConfigurationErrorNamingTheKey() throws Exception {
        Files.writeString(home.resolve("nightshift.yaml"), "plugins:\n  hello-descent:\n    noise: -1\n");

        Result plugins = nightshift("plugins");

        assertThat(plugins.exit()).as(plugins.toString()).isEqualTo(2);
        assertThat(plugins.err()).contains("plugins.hello-descent.noise: must be between 0 and 10, got -1.0")
                .contains("plugin 'hello-descent'");
    }

    @Test
    void thePluginParentBuildsForThisVersionOfNightshift() throws IOException {
        // Its own version and the API version it gives plugins are literals (a property of a parent cannot follow
        // the child's project.version); a release that changes one must change both.
        String version = System.getProperty("nightshift.e2e.version");
        String parent = Files.readString(Path.of(System.getProperty("nightshift.e2e.plugin-parent")));
        assertThat(parent).contains("<nightshift.version>" + version + "</nightshift.version>")
                .contains("<artifactId>nightshift-plugin-parent</artifactId>\n  <version>" + version + "</version>");
    }

    private record Result(int exit, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exit + "\n--- stdout\n" + out + "\n--- stderr\n" + err;
        }
    }

    private static JsonNode json(Result result) throws IOException {
        assertThat(result.exit()).as(result.toString()).isZero();
        return new ObjectMapper().readTree(result.out());
    }

    /** {@code nightshift ARGS} as the launcher runs it, in a JVM of its own, for the temporary home. */
    private Result nightshift(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dai.djl.offline=true", "-Xmx512m", "-cp", classpath, "io.nightshift.agent.cli.Main"));
        command.addAll(List.of(args));
        Path out = Files.createTempFile(temp, "out", ".txt");
        Path err = Files.createTempFile(temp, "err", ".txt");
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(name -> name.startsWith("NIGHTSHIFT_"));
        env.put("NIGHTSHIFT_HOME", home.toString());
        Process process = builder.start();
        if (!process.waitFor(COMMAND_LIMIT.toSeconds(), TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly().waitFor();
            throw new AssertionError("nightshift " + String.join(" ", args) + " ran past " + COMMAND_LIMIT
                    + "\n--- stdout\n" + Files.readString(out, StandardCharsets.UTF_8)
                    + "\n--- stderr\n" + Files.readString(err, StandardCharsets.UTF_8) + logs());
        }
        return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    private String logs() throws IOException {
        Path dir = home.resolve("logs");
        if (!Files.isDirectory(dir)) {
            return "";
        }
        StringBuilder s = new StringBuilder();
        try (var files = Files.list(dir)) {
            for (Path f : files.sorted().toList()) {
                s.append("\n--- ").append(f.getFileName()).append('\n').append(Files.readString(f, StandardCharsets.ISO_8859_1));
            }
        }
        return s.toString();
    }
}
