package io.nightshift.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.nightshift.agent.plugins.PluginJars;
import io.nightshift.agent.terminal.TerminalText;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PluginsCommandTest {

    @TempDir
    Path home;

    @Test
    void pluginTextsAreShownEscapedAndABrokenJarDoesNotHideTheOthers() throws Exception {
        Path plugins = Files.createDirectories(home.resolve("plugins"));
        Files.writeString(plugins.resolve("corrupt.jar"), "not a zip");
        // In the generated Java source, backslash-u escapes become the raw control characters.
        PluginJars.build(plugins.resolve("hostile.jar"), List.of(PluginJars.source("acme.Hostile", PluginJars.descriptor(
                "hostile", "Looks fine \\u001b]0;pwned\\u0007\\u001b[2J\\u009b31m", "x",
                "Which \\u202eevil\\u202c question \\u001b[31m?"))), List.of("acme.Hostile"));
        Path config = Files.writeString(home.resolve("nightshift.yaml"), "home: " + home + "\n");

        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
                .execute("--config", config.toString(), "plugins");

        assertThat(code).as("exit code; stderr: %s", err).isZero();
        String shown = out.toString();
        assertThat(shown).contains("mnist-mlp").contains("hostile")
                .contains("Looks fine \\e]0;pwned\\u0007\\e[2J\\u009b31m")
                .contains("Which \\u202eevil\\u202c question \\e[31m?");
        assertThat(shown.chars().noneMatch(c -> TerminalText.unsafe((char) c) && c != '\n')).as(shown).isTrue();
    }
}
