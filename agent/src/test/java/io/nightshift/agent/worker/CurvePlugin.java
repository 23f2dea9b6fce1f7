package io.nightshift.agent.worker;

import io.nightshift.plugin.Objective;
import io.nightshift.plugin.Plugin;
import io.nightshift.plugin.PluginDescriptor;
import io.nightshift.plugin.SearchSpace;
import io.nightshift.plugin.TrialContext;
import io.nightshift.plugin.TrialResult;
import java.util.List;
import java.util.Map;

/** A test plugin with a learning curve: six epochs of 200 ms, the score climbing to x. */
public final class CurvePlugin implements Plugin {

    static final int EPOCHS = 6;

    @Override
    public PluginDescriptor descriptor() {
        return new PluginDescriptor("curves", "Test trials with a learning curve.", null,
                SearchSpace.builder().floatParam("x", 0, 1).build(),
                Objective.maximize("score"), List.of("Which x learns best?"));
    }

    @Override
    public TrialResult run(TrialContext ctx) throws Exception {
        double x = ctx.doubleParam("x");
        double score = 0;
        for (int epoch = 1; epoch <= EPOCHS && !ctx.isCancelled(); epoch++) {
            Thread.sleep(200);
            score = x * epoch / EPOCHS;
            ctx.metrics().report("score", score, epoch, epoch * 10L);
        }
        return new TrialResult(Map.of("score", score));
    }
}
