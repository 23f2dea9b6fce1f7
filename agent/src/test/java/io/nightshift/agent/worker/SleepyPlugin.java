package io.nightshift.agent.worker;

import io.nightshift.plugin.Objective;
import io.nightshift.plugin.Plugin;
import io.nightshift.plugin.PluginDescriptor;
import io.nightshift.plugin.SearchSpace;
import io.nightshift.plugin.TrialContext;
import io.nightshift.plugin.TrialResult;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A test plugin whose trials "train" until their deadline, reporting a metric every 100 ms. */
public final class SleepyPlugin implements Plugin {

    @Override
    public PluginDescriptor descriptor() {
        return new PluginDescriptor("sleepy", "Test trials that take their whole budget.", null,
                SearchSpace.builder().floatParam("x", 0, 1).build(),
                Objective.maximize("score"), List.of("How long is a trial?"));
    }

    @Override
    public TrialResult run(TrialContext ctx) throws Exception {
        // How much of its budget the trial still had when the plugin started: all of it, however long the
        // trial waited for a worker or its worker took to start.
        double budgetAtStart = java.time.Duration.between(Instant.now(), ctx.deadline()).toMillis() / 1000.0;
        int step = 0;
        while (!ctx.isCancelled() && Instant.now().isBefore(ctx.deadline())) {
            Thread.sleep(100);
            ctx.metrics().report("score", ctx.doubleParam("x"), 1, ++step);
        }
        return new TrialResult(Map.of("score", ctx.doubleParam("x"), "budget_seconds_at_start", budgetAtStart,
                "steps", (double) step));
    }
}
