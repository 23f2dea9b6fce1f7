package io.nightshift.agent.worker;

import io.nightshift.plugin.Objective;
import io.nightshift.plugin.Plugin;
import io.nightshift.plugin.PluginDescriptor;
import io.nightshift.plugin.SearchSpace;
import io.nightshift.plugin.TrialContext;
import io.nightshift.plugin.TrialResult;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * A test plugin whose trials finish at once, scoring {@code x}, and which sizes its "model" as a plugin author
 * would: {@code width * 100 + 10} parameters, {@code width * 32} activations per batch.
 */
public final class TinyPlugin implements Plugin {

    @Override
    public PluginDescriptor descriptor() {
        return new PluginDescriptor("tiny", "Test trials that finish at once.", null,
                SearchSpace.builder().logIntParam("width", 1, 4096).floatParam("x", 0, 1).build(),
                Objective.maximize("score"), List.of("Does review work?"));
    }

    public static long parameters(int width) {
        return width * 100L + 10;
    }

    @Override
    public OptionalLong parameterCount(Map<String, Object> params) {
        return OptionalLong.of(parameters(((Number) params.get("width")).intValue()));
    }

    @Override
    public OptionalLong activationCount(Map<String, Object> params) {
        return OptionalLong.of(((Number) params.get("width")).intValue() * 32L);
    }

    @Override
    public TrialResult run(TrialContext ctx) {
        double x = ctx.doubleParam("x");
        ctx.metrics().report("score", x, 1, 1);
        return new TrialResult(Map.of("score", x, "test_accuracy", x));
    }
}
