package io.nightshift.agent.plugins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.nightshift.agent.config.ConfigException;
import io.nightshift.agent.config.ConfigLoader;
import io.nightshift.agent.config.NightshiftConfig;
import io.nightshift.agent.worker.ConfigurablePlugin;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** The {@code plugins.<id>:} section of nightshift.yaml, from the file to the plugin in the controller. */
class PluginSettingsTest {

    @TempDir
    Path temp;

    private NightshiftConfig config(String yaml) throws Exception {
        Path file = temp.resolve("nightshift.yaml");
        Files.writeString(file, yaml);
        return new ConfigLoader(Map.of("NIGHTSHIFT_HOME", temp.resolve("home").toString()), temp).load(file);
    }

    @Test
    void eachPluginGetsItsOwnSectionWhenThePluginsAreLoaded() throws Exception {
        NightshiftConfig config = config("""
                plugins:
                  configurable:
                    scale: 2.5
                    label: wide
                """);
        assertThat(config.plugins().settings()).containsEntry("configurable", Map.of("scale", 2.5, "label", "wide"));

        PluginRegistry registry = PluginRegistry.load(config);

        ConfigurablePlugin plugin = (ConfigurablePlugin) registry.get(ConfigurablePlugin.ID);
        assertThat(plugin.scale()).isEqualTo(2.5);
        assertThat(plugin.label()).isEqualTo("wide");
        assertThat(plugin.configureCalls()).isEqualTo(1);
        assertThat(registry.settings(ConfigurablePlugin.ID)).isEqualTo(Map.of("scale", 2.5, "label", "wide"));
        // Every other plugin was configured with nothing, which the default configure accepts.
        assertThat(registry.settings("mnist-mlp")).isEmpty();
    }

    @Test
    void withoutASectionAPluginIsConfiguredWithAnEmptyMap() throws Exception {
        PluginRegistry registry = PluginRegistry.load(config("loop:\n  seed: 1\n"));

        ConfigurablePlugin plugin = (ConfigurablePlugin) registry.get(ConfigurablePlugin.ID);
        assertThat(plugin.configureCalls()).isEqualTo(1);
        assertThat(plugin.scale()).isEqualTo(1.0);
        assertThat(registry.settings(ConfigurablePlugin.ID)).isEmpty();
    }

    @Test
    void aValueThePluginRefusesIsAConfigurationErrorNamingThePluginAndTheKey() throws Exception {
        NightshiftConfig config = config("plugins:\n  configurable:\n    scale: -3\n");

        assertThatThrownBy(() -> PluginRegistry.load(config))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("nightshift.yaml: plugins.configurable.scale: must be positive, got -3.0")
                .hasMessageContaining("plugin 'configurable'");
    }

    @Test
    void aWronglyTypedValueIsNamedToo() throws Exception {
        NightshiftConfig config = config("plugins:\n  configurable:\n    scale: lots\n");

        assertThatThrownBy(() -> PluginRegistry.load(config))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("plugins.configurable.scale: expected a number, got \"lots\"");
    }

    @Test
    void aKeyThePluginDoesNotKnowIsAnError() throws Exception {
        NightshiftConfig config = config("plugins:\n  configurable:\n    scael: 2\n");

        assertThatThrownBy(() -> PluginRegistry.load(config))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("plugins.configurable.scael: unknown setting; this plugin knows [scale, label]");
    }

    @Test
    void settingsForAPluginThatTakesNoneAreAnError() throws Exception {
        NightshiftConfig config = config("plugins:\n  mnist-mlp:\n    width: 3\n");

        assertThatThrownBy(() -> PluginRegistry.load(config))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("plugins.mnist-mlp.width: this plugin takes no settings");
    }

    @Test
    void aSectionThatIsNotAMappingIsRefusedByTheLoader() {
        assertThatThrownBy(() -> config("plugins:\n  configurable: 3\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("bad value at plugins.configurable");
    }

    @Test
    void aSectionWithNothingUnderItIsEmpty() throws Exception {
        NightshiftConfig config = config("plugins:\n  configurable:\n");
        assertThat(config.plugins().settings()).containsEntry("configurable", Map.of());
        assertThat(PluginRegistry.load(config).settings(ConfigurablePlugin.ID)).isEmpty();
    }

    @Test
    void settingsForAPluginThatIsNotInstalledAreAWarningNotAnError() throws Exception {
        NightshiftConfig config = config("plugins:\n  not-installed:\n    x: 1\n");
        Logger logger = (Logger) LoggerFactory.getLogger(PluginRegistry.class);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        try {
            PluginRegistry registry = PluginRegistry.load(config);
            assertThat(registry.find(ConfigurablePlugin.ID)).isPresent();
        } finally {
            logger.detachAppender(appender);
        }
        assertThat(appender.list).extracting(ILoggingEvent::getFormattedMessage)
                .anySatisfy(m -> assertThat(m).contains("plugins.not-installed").contains("no plugin 'not-installed'"));
    }
}
