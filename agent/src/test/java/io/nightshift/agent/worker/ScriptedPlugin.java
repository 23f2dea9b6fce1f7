package io.nightshift.agent.worker;

import io.nightshift.plugin.Objective;
import io.nightshift.plugin.Plugin;
import io.nightshift.plugin.PluginDescriptor;
import io.nightshift.plugin.SearchSpace;
import io.nightshift.plugin.TrialContext;
import io.nightshift.plugin.TrialResult;
import java.util.List;
import java.util.Map;

/**
 * A test plugin whose trials do what their {@code mode} parameter says: finish, throw, kill the
 * worker JVM, ignore cancellation, or wait for a cancel. Found by the real ServiceLoader in real
 * worker processes (the test classpath lists it in META-INF/services).
 */
public final class ScriptedPlugin implements Plugin {

    @Override
    public PluginDescriptor descriptor() {
        return new PluginDescriptor("scripted", "Test trials with scripted behaviour.", null,
                SearchSpace.builder().categorical("mode", "ok", "throw", "exit", "stubborn", "cancellable")
                        .floatParam("x", 0, 1).build(),
                Objective.maximize("score"), List.of("Does scripting work?"));
    }

    @Override
    public TrialResult run(TrialContext ctx) throws Exception {
        String mode = ctx.stringParam("mode");
        double x = ctx.doubleParam("x");
        ctx.metrics().report("score", x / 2, 1, 10);
        ctx.log("running in mode " + mode);
        switch (mode) {
            case "throw" -> throw new IllegalStateException("scripted failure");
            case "exit" -> Runtime.getRuntime().halt(3);
            case "stubborn" -> {
                while (true) {
                    Thread.sleep(1000);
                }
            }
            case "cancellable" -> {
                while (!ctx.isCancelled() && java.time.Instant.now().isBefore(ctx.deadline())) {
                    Thread.sleep(20);
                }
                return new TrialResult(Map.of("score", -1.0, "cancelled", ctx.isCancelled() ? 1.0 : 0.0));
            }
            default -> {
            }
        }
        ctx.metrics().report("score", x, 2, 20);
        return new TrialResult(Map.of("score", x, "test_accuracy", x));
    }
}
