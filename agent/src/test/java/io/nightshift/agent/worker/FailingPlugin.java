package io.nightshift.agent.worker;

import io.nightshift.plugin.Objective;
import io.nightshift.plugin.Plugin;
import io.nightshift.plugin.PluginDescriptor;
import io.nightshift.plugin.SearchSpace;
import io.nightshift.plugin.TrialContext;
import io.nightshift.plugin.TrialResult;
import java.util.List;

/** A test plugin none of whose trials ever completes. */
public final class FailingPlugin implements Plugin {

    @Override
    public PluginDescriptor descriptor() {
        return new PluginDescriptor("failing", "Test trials that always throw.", null,
                SearchSpace.builder().floatParam("x", 0, 1).build(),
                Objective.maximize("score"), List.of("Does anything work?"));
    }

    @Override
    public TrialResult run(TrialContext ctx) {
        throw new IllegalStateException("this plugin always fails");
    }
}
