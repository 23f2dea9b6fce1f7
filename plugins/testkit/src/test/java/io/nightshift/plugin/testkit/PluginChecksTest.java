package io.nightshift.plugin.testkit;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nightshift.plugin.Objective;
import io.nightshift.plugin.Plugin;
import io.nightshift.plugin.PluginDescriptor;
import io.nightshift.plugin.SearchSpace;
import io.nightshift.plugin.StudyDesign;
import io.nightshift.plugin.SuggestedQuestion;
import io.nightshift.plugin.TrialContext;
import io.nightshift.plugin.TrialResult;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PluginChecksTest {

    @Test
    void aGoodPluginPasses() {
        assertThatCode(() -> PluginChecks.assertValidDescriptor(new CountingPlugin())).doesNotThrowAnyException();
        assertThatCode(() -> PluginChecks.assertValidResult(new CountingPlugin(),
                new TrialResult(Map.of("val_loss", 0.3)))).doesNotThrowAnyException();
    }

    @Test
    void designsNamingUnknownParametersOrBadValuesAreFound() {
        CountingPlugin plugin = new CountingPlugin(List.of(
                new SuggestedQuestion("Sweep?", new StudyDesign.Sweep("epochs", List.of(5, 50), Map.of(), 1, 0)),
                new SuggestedQuestion("Pinned?", new StudyDesign.Optimise(Map.of("epoch", 3), 1, 0)),
                new SuggestedQuestion("Arms?", new StudyDesign.Compare(List.of(
                        new StudyDesign.Arm("a", Map.of("schedule", "flat", "decay", 0.5)),
                        new StudyDesign.Arm("b", Map.of("schedule", "decay"))), Map.of(), 1, 0))));

        assertThatThrownBy(() -> PluginChecks.assertValidDescriptor(plugin))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("\"Sweep?\", epochs = 50: epochs: 50 is outside [1, 20]")
                .hasMessageContaining("\"Pinned?\", its pinned values: epoch: unknown parameter")
                .hasMessageContaining("\"Arms?\", arm 'a': decay: applies only when schedule = decay");
    }

    @Test
    void questionsThatDifferFromTheDescriptorsAreFound() {
        CountingPlugin plugin = new CountingPlugin() {
            @Override
            public PluginDescriptor descriptor() {
                PluginDescriptor d = super.descriptor();
                return new PluginDescriptor(d.id(), d.description(), null, d.searchSpace(), d.objective(),
                        List.of("Another question?"));
            }
        };
        assertThatThrownBy(() -> PluginChecks.assertValidDescriptor(plugin))
                .hasMessageContaining("questions() [Does decay help?] differ from the descriptor's suggested questions"
                        + " [Another question?]");
    }

    @Test
    void aTestMetricAsTheObjectiveIsRefused() {
        Plugin cheat = new Plugin() {
            @Override
            public PluginDescriptor descriptor() {
                return new PluginDescriptor("cheat", "Tunes on the test set.", null,
                        SearchSpace.builder().floatParam("x", 0, 1).build(), Objective.maximize("test_accuracy"),
                        List.of());
            }

            @Override
            public TrialResult run(TrialContext context) {
                return new TrialResult(Map.of("test_accuracy", 1.0));
            }
        };
        assertThatThrownBy(() -> PluginChecks.assertValidDescriptor(cheat))
                .hasMessageContaining("the objective 'test_accuracy' is a test metric");
    }

    @Test
    void aResultWithoutTheObjectiveIsRefused() {
        assertThatThrownBy(() -> PluginChecks.assertValidResult(new CountingPlugin(),
                new TrialResult(Map.of("loss", 0.3))))
                .hasMessageContaining("the result has no 'val_loss' (the objective); it has [loss]");
        assertThatThrownBy(() -> PluginChecks.assertValidResult(new CountingPlugin(), null))
                .hasMessageContaining("no result");
    }

    @Test
    void aDescriptorThatThrowsIsReported() {
        Plugin broken = new Plugin() {
            @Override
            public PluginDescriptor descriptor() {
                return new PluginDescriptor("Bad Id", "x", null, SearchSpace.builder().build(),
                        Objective.maximize("v"), List.of());
            }

            @Override
            public TrialResult run(TrialContext context) {
                return null;
            }
        };
        assertThatThrownBy(() -> PluginChecks.assertValidDescriptor(broken))
                .isInstanceOf(AssertionError.class).hasMessageContaining("descriptor() throws")
                .hasMessageContaining("plugin id 'Bad Id'");
    }
}
