package io.nightshift.agent.study;

import static org.assertj.core.api.Assertions.assertThat;

import io.nightshift.agent.plugins.PluginRegistry;
import io.nightshift.plugin.Plugin;
import io.nightshift.plugin.StudyDesign;
import io.nightshift.plugin.SuggestedQuestion;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Every suggested question of every installed plugin is a design that runs on its plugin's space. */
class SuggestedDesignsTest {

    @Test
    void everySuggestedDesignFitsItsPluginsSpace() {
        PluginRegistry plugins = PluginRegistry.load(Path.of("no-plugins-here"));
        int checked = 0;
        for (Plugin plugin : plugins.all()) {
            for (SuggestedQuestion q : plugin.questions()) {
                StudyDesign design = DesignValidator.validate(q.design(), plugin.descriptor().searchSpace());
                assertThat(StudyPlanner.budget(design, 20)).as(q.text()).isPositive();
                assertThat(DesignCodec.read(DesignCodec.write(design))).as(q.text()).isEqualTo(design);
                checked++;
            }
            assertThat(plugin.questions()).extracting(SuggestedQuestion::text)
                    .containsExactlyElementsOf(plugin.descriptor().suggestedQuestions());
        }
        assertThat(checked).isGreaterThanOrEqualTo(10);
    }

    @Test
    void theBatchNormQuestionIsAComparisonAndTheBottleneckQuestionASweep() {
        PluginRegistry plugins = PluginRegistry.load(Path.of("no-plugins-here"));
        assertThat(plugins.get("mnist-cnn").questions().get(1).design()).isInstanceOf(StudyDesign.Compare.class);
        StudyDesign bottleneck = plugins.get("mnist-autoencoder").questions().get(0).design();
        assertThat(bottleneck).isInstanceOf(StudyDesign.Sweep.class);
        assertThat(((StudyDesign.Sweep) bottleneck).factor()).isEqualTo("bottleneck_width");
    }
}
