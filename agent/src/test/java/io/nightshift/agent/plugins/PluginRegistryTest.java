package io.nightshift.agent.plugins;

import static io.nightshift.agent.plugins.PluginJars.build;
import static io.nightshift.agent.plugins.PluginJars.descriptorOf;
import static io.nightshift.agent.plugins.PluginJars.dropped;
import static io.nightshift.agent.plugins.PluginJars.source;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

class PluginRegistryTest {

    @TempDir
    Path temp;

    @Test
    void findsBuiltInPluginsOnTheClasspath() {
        PluginRegistry registry = PluginRegistry.load(temp.resolve("absent"));
        assertThat(registry.all()).extracting(p -> p.descriptor().id()).contains("mnist-mlp");
        assertThat(registry.get("mnist-mlp").descriptor().objective().metric()).isEqualTo("val_accuracy");
        assertThat(registry.problems()).isEmpty();
    }

    @Test
    void findsAPluginInAJarDroppedIntoThePluginsDirectory() throws Exception {
        Path pluginsDir = Files.createDirectories(temp.resolve("plugins"));
        dropped(pluginsDir.resolve("dropped.jar"));

        PluginRegistry registry = PluginRegistry.load(pluginsDir);

        assertThat(registry.get("dropped").descriptor().description()).isEqualTo("A plugin from a jar.");
        assertThat(registry.all()).extracting(p -> p.descriptor().id()).contains("mnist-mlp", "dropped");
        assertThat(registry.problems()).isEmpty();
    }

    @Test
    void unknownIdListsWhatIsAvailable() {
        PluginRegistry registry = PluginRegistry.load(temp);
        assertThatThrownBy(() -> registry.get("nope"))
                .isInstanceOf(PluginException.class)
                .hasMessageContaining("no plugin named 'nope'")
                .hasMessageContaining("mnist-mlp");
        assertThat(registry.find("nope")).isEmpty();
    }

    @Test
    void aFileThatIsNotAZipIsSkippedWithAWarningAndTheOthersLoad() throws Exception {
        Path pluginsDir = Files.createDirectories(temp.resolve("plugins"));
        Files.writeString(pluginsDir.resolve("broken.jar"), "this is not a zip file");
        Files.write(pluginsDir.resolve("empty.jar"), new byte[0]);
        dropped(pluginsDir.resolve("dropped.jar"));

        List<ILoggingEvent> warnings = new ArrayList<>();
        PluginRegistry registry = withWarnings(warnings, () -> PluginRegistry.load(pluginsDir));

        assertThat(registry.all()).extracting(p -> p.descriptor().id()).contains("mnist-mlp", "dropped");
        assertThat(registry.problems()).hasSize(2).allSatisfy(p -> assertThat(p.reason()).contains("not a readable jar"));
        assertThat(registry.problems()).extracting(PluginProblem::source)
                .anySatisfy(s -> assertThat(s).endsWith("broken.jar"))
                .anySatisfy(s -> assertThat(s).endsWith("empty.jar"));
        assertThat(warnings).extracting(ILoggingEvent::getFormattedMessage)
                .anySatisfy(m -> assertThat(m).contains("broken.jar").contains("not a readable jar"));
    }

    @Test
    void askingForAPluginThatWasSkippedNamesTheJar() throws Exception {
        Path pluginsDir = Files.createDirectories(temp.resolve("plugins"));
        Files.writeString(pluginsDir.resolve("broken.jar"), "this is not a zip file");

        PluginRegistry registry = PluginRegistry.load(pluginsDir);

        assertThatThrownBy(() -> registry.get("broken"))
                .isInstanceOf(PluginException.class)
                .hasMessageContaining("no plugin named 'broken'")
                .hasMessageContaining(pluginsDir.resolve("broken.jar").toAbsolutePath().toString())
                .hasMessageContaining("not a readable jar");
    }

    @Test
    void providersThatCannotBeLoadedAreSkippedOneByOneNamingJarAndClass() throws Exception {
        Path pluginsDir = Files.createDirectories(temp.resolve("plugins"));
        // One jar, three entries: a class that is missing, one whose constructor throws, and a good one.
        build(pluginsDir.resolve("mixed.jar"), List.of(
                source("acme.Throwing", "public Throwing() { throw new IllegalStateException(\"no licence\"); }"
                        + descriptorOf("throwing")),
                source("acme.Good", descriptorOf("good"))),
                List.of("acme.Missing", "acme.Throwing", "acme.Good"));
        dropped(pluginsDir.resolve("other.jar"));

        PluginRegistry registry = PluginRegistry.load(pluginsDir);

        assertThat(registry.all()).extracting(p -> p.descriptor().id()).contains("mnist-mlp", "good", "dropped");
        assertThat(registry.problems()).extracting(PluginProblem::describe)
                .anySatisfy(d -> assertThat(d).contains("mixed.jar").contains("acme.Missing").contains("not found"))
                .anySatisfy(d -> assertThat(d).contains("mixed.jar").contains("acme.Throwing").contains("no licence"));
    }

    @Test
    void aDescriptorThatThrowsOrHasABadIdIsSkipped() throws Exception {
        Path pluginsDir = Files.createDirectories(temp.resolve("plugins"));
        build(pluginsDir.resolve("throws.jar"), List.of(source("acme.Fails",
                "public PluginDescriptor descriptor() { throw new UnsupportedOperationException(\"not configured\"); }")),
                List.of("acme.Fails"));
        build(pluginsDir.resolve("badid.jar"), List.of(source("acme.BadId", descriptorOf("Bad Id"))), List.of("acme.BadId"));
        dropped(pluginsDir.resolve("dropped.jar"));

        PluginRegistry registry = PluginRegistry.load(pluginsDir);

        assertThat(registry.all()).extracting(p -> p.descriptor().id()).contains("mnist-mlp", "dropped");
        assertThat(registry.problems()).extracting(PluginProblem::describe)
                .anySatisfy(d -> assertThat(d).contains("throws.jar").contains("acme.Fails").contains("descriptor() failed")
                        .contains("not configured"))
                .anySatisfy(d -> assertThat(d).contains("badid.jar").contains("acme.BadId").contains("Bad Id")
                        .contains("lower-case"));
    }

    @Test
    void aSecondPluginWithATakenIdIsSkippedAndTheFirstKeepsIt() throws Exception {
        Path pluginsDir = Files.createDirectories(temp.resolve("plugins"));
        build(pluginsDir.resolve("impostor.jar"), List.of(source("acme.Impostor", descriptorOf("mnist-mlp"))),
                List.of("acme.Impostor"));

        PluginRegistry registry = PluginRegistry.load(pluginsDir);

        assertThat(registry.get("mnist-mlp").getClass().getName()).doesNotStartWith("acme.");
        assertThat(registry.problems()).singleElement().satisfies(p -> assertThat(p.describe())
                .contains("impostor.jar").contains("acme.Impostor").contains("'mnist-mlp'").contains("the classpath"));
    }

    @Test
    void aJarThatDeclaresNoPluginIsReported() throws Exception {
        Path pluginsDir = Files.createDirectories(temp.resolve("plugins"));
        build(pluginsDir.resolve("library.jar"), List.of(source("acme.Helper", descriptorOf("helper"))), List.of());

        PluginRegistry registry = PluginRegistry.load(pluginsDir);

        assertThat(registry.find("helper")).isEmpty();
        assertThat(registry.problems()).singleElement().satisfies(p -> assertThat(p.describe())
                .contains("library.jar").contains("declares no plugin"));
    }

    private static <T> T withWarnings(List<ILoggingEvent> sink, java.util.function.Supplier<T> work) {
        Logger logger = (Logger) LoggerFactory.getLogger(PluginRegistry.class);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        try {
            return work.get();
        } finally {
            logger.detachAppender(appender);
            sink.addAll(appender.list);
        }
    }
}
