package io.nightshift.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PluginSettingsTest {

    @Test
    void readsTypedValuesWithDefaultsForWhatIsMissing() {
        Map<String, Object> raw = new HashMap<>(Map.of("noise", 0.25, "dims", 8, "big", 5_000_000_000L,
                "verbose", true, "mode", "fast"));
        raw.put("empty", null);
        PluginSettings s = PluginSettings.of(raw);

        assertThat(s.doubleValue("noise", 1)).isEqualTo(0.25);
        assertThat(s.doubleValue("dims", 1)).isEqualTo(8.0);
        assertThat(s.intValue("dims", 1)).isEqualTo(8);
        assertThat(s.longValue("big", 1)).isEqualTo(5_000_000_000L);
        assertThat(s.booleanValue("verbose", false)).isTrue();
        assertThat(s.string("mode", "slow")).isEqualTo("fast");
        assertThat(s.oneOf("mode", "slow", "slow", "fast")).isEqualTo("fast");
        assertThat(s.intValue("absent", 3)).isEqualTo(3);
        assertThat(s.doubleValue("empty", 0.5)).as("a key with no value").isEqualTo(0.5);
        assertThat(s.has("empty")).isFalse();
        assertThat(s.has("noise")).isTrue();
        assertThat(s.raw("dims")).hasValue(8);
    }

    @Test
    void mistakesNameTheKey() {
        PluginSettings s = PluginSettings.of(Map.of("noise", "lots", "dims", 2.5, "verbose", "yes", "mode", "odd",
                "list", List.of(1)));

        assertThatThrownBy(() -> s.doubleValue("noise", 0)).isInstanceOfSatisfying(InvalidSettingException.class,
                e -> {
                    assertThat(e.key()).isEqualTo("noise");
                    assertThat(e.getMessage()).isEqualTo("expected a number, got \"lots\"");
                });
        assertThatThrownBy(() -> s.intValue("dims", 0)).hasMessage("expected a whole number, got 2.5");
        assertThatThrownBy(() -> s.booleanValue("verbose", false)).hasMessage("expected true or false, got \"yes\"");
        assertThatThrownBy(() -> s.oneOf("mode", "a", "a", "b")).hasMessage("must be one of [a, b], got \"odd\"");
        assertThatThrownBy(() -> s.string("list", "")).hasMessage("expected a text value, got a list [1]");
    }

    @Test
    void allowOnlyRefusesUnknownKeys() {
        assertThat(PluginSettings.of(Map.of("noise", 1)).allowOnly("noise", "dims").intValue("noise", 0)).isEqualTo(1);
        assertThatThrownBy(() -> PluginSettings.of(Map.of("nosie", 1)).allowOnly("noise", "dims"))
                .isInstanceOfSatisfying(InvalidSettingException.class, e -> assertThat(e.key()).isEqualTo("nosie"))
                .hasMessage("unknown setting; this plugin knows [noise, dims]");
    }

    @Test
    void theDefaultConfigureRefusesSettingsAndAcceptsNone() throws Exception {
        Plugin plain = new Plugin() {
            @Override
            public PluginDescriptor descriptor() {
                return new PluginDescriptor("plain", "x", null, SearchSpace.builder().build(), Objective.maximize("v"),
                        List.of());
            }

            @Override
            public TrialResult run(TrialContext context) {
                return new TrialResult(Map.of("v", 1.0));
            }
        };
        plain.configure(Map.of());
        assertThatThrownBy(() -> plain.configure(Map.of("width", 3)))
                .isInstanceOfSatisfying(InvalidSettingException.class, e -> assertThat(e.key()).isEqualTo("width"))
                .hasMessageContaining("takes no settings");
    }
}
