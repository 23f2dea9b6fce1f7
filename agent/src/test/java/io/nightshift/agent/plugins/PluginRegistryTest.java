package io.nightshift.agent.plugins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PluginRegistryTest {

    @TempDir
    Path temp;

    @Test
    void findsBuiltInPluginsOnTheClasspath() {
        PluginRegistry registry = PluginRegistry.load(temp.resolve("absent"));
        assertThat(registry.all()).extracting(p -> p.descriptor().id()).contains("mnist-mlp");
        assertThat(registry.get("mnist-mlp").descriptor().objective().metric()).isEqualTo("val_accuracy");
    }

    @Test
    void findsAPluginInAJarDroppedIntoThePluginsDirectory() throws Exception {
        Path pluginsDir = Files.createDirectories(temp.resolve("plugins"));
        buildPluginJar(pluginsDir.resolve("dropped.jar"));

        PluginRegistry registry = PluginRegistry.load(pluginsDir);

        assertThat(registry.get("dropped").descriptor().description()).isEqualTo("A plugin from a jar.");
        assertThat(registry.all()).extracting(p -> p.descriptor().id()).contains("mnist-mlp", "dropped");
    }

    @Test
    void unknownIdListsWhatIsAvailable() {
        PluginRegistry registry = PluginRegistry.load(temp);
        assertThatThrownBy(() -> registry.get("nope"))
                .isInstanceOf(PluginException.class)
                .hasMessageContaining("no plugin named 'nope'")
                .hasMessageContaining("mnist-mlp");
    }

    /** Compiles a real plugin against the SPI and packs it with its service file, as a third party would. */
    private void buildPluginJar(Path jar) throws Exception {
        Path src = Files.createDirectories(temp.resolve("src/acme"));
        Files.writeString(src.resolve("DroppedPlugin.java"), """
                package acme;
                import io.nightshift.plugin.*;
                import java.util.*;
                public class DroppedPlugin implements Plugin {
                    public PluginDescriptor descriptor() {
                        return new PluginDescriptor("dropped", "A plugin from a jar.", null,
                                SearchSpace.builder().floatParam("x", 0, 1).build(), Objective.maximize("score"), List.of());
                    }
                    public TrialResult run(TrialContext c) { return new TrialResult(Map.of("score", c.doubleParam("x"))); }
                }
                """);
        Path classes = Files.createDirectories(temp.resolve("classes"));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        int rc = javac.run(null, null, null, "-d", classes.toString(), "-cp", System.getProperty("java.class.path"),
                src.resolve("DroppedPlugin.java").toString());
        assertThat(rc).as("javac exit code").isZero();
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            out.putNextEntry(new JarEntry("acme/DroppedPlugin.class"));
            Files.copy(classes.resolve("acme/DroppedPlugin.class"), out);
            out.putNextEntry(new JarEntry("META-INF/services/io.nightshift.plugin.Plugin"));
            out.write("acme.DroppedPlugin\n".getBytes());
            out.closeEntry();
        }
    }
}
