package io.nightshift.agent.plugins;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/** Builds real plugin jars for tests: compiled against the SPI and packed with their service file, as a third party would. */
public final class PluginJars {

    /** A Java source file of package {@code acme}. */
    public record Source(String className, String text) {}

    private PluginJars() {
    }

    /** A plugin class body that describes itself with {@code id}. */
    public static String descriptorOf(String id) {
        return descriptor(id, "A plugin from a jar.", "x", "What is x?");
    }

    /** A descriptor() method with these texts; Java string escapes such as {@code \\u001b} work in them. */
    public static String descriptor(String id, String description, String parameter, String question) {
        return """
                public PluginDescriptor descriptor() {
                    return new PluginDescriptor("%s", "%s", null,
                            SearchSpace.builder().floatParam("%s", 0, 1).build(), Objective.maximize("score"), List.of("%s"));
                }
                """.formatted(id, description, parameter, question);
    }

    /** A plugin class {@code className} (in package acme) with {@code body} and a run() that reports "score". */
    public static Source source(String className, String body) {
        String simple = className.substring(className.lastIndexOf('.') + 1);
        return new Source(className, """
                package acme;
                import io.nightshift.plugin.*;
                import java.util.*;
                public class %s implements Plugin {
                    %s
                    public TrialResult run(TrialContext c) { return new TrialResult(Map.of("score", 1.0)); }
                }
                """.formatted(simple, body));
    }

    /** The plugin "dropped" ("A plugin from a jar."), one float parameter x. */
    public static void dropped(Path jar) throws Exception {
        build(jar, List.of(source("acme.DroppedPlugin", descriptorOf("dropped"))), List.of("acme.DroppedPlugin"));
    }

    /** Compiles {@code sources} and packs them with a service file listing {@code services} (none: no service file). */
    public static void build(Path jar, List<Source> sources, List<String> services) throws Exception {
        Path work = Files.createTempDirectory("plugin-jar");
        Path src = Files.createDirectories(work.resolve("src/acme"));
        Path classes = Files.createDirectories(work.resolve("classes"));
        List<String> args = new ArrayList<>(List.of("-d", classes.toString(), "-cp", System.getProperty("java.class.path")));
        for (Source s : sources) {
            Path file = src.resolve(s.className().substring(s.className().lastIndexOf('.') + 1) + ".java");
            Files.writeString(file, s.text());
            args.add(file.toString());
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertThat(javac.run(null, null, null, args.toArray(String[]::new))).as("javac exit code").isZero();
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            for (Source s : sources) {
                String entry = s.className().replace('.', '/') + ".class";
                out.putNextEntry(new JarEntry(entry));
                Files.copy(classes.resolve(entry), out);
            }
            if (!services.isEmpty()) {
                out.putNextEntry(new JarEntry("META-INF/services/io.nightshift.plugin.Plugin"));
                out.write((String.join("\n", services) + "\n").getBytes(StandardCharsets.UTF_8));
                out.closeEntry();
            }
        } finally {
            try (var walk = Files.walk(work)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
