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
 * A test plugin whose trials report the process id of the worker that ran them, and the value of the environment
 * variable {@value #VARIABLE} in that worker (-1 where it is not set).
 */
public final class PidPlugin implements Plugin {

    static final String VARIABLE = "NIGHTSHIFT_TEST_WORKER_ENV";

    @Override
    public PluginDescriptor descriptor() {
        return new PluginDescriptor("pid", "Test trials that say which worker ran them.", null,
                SearchSpace.builder().floatParam("x", 0, 1).build(), Objective.maximize("score"),
                List.of("Which worker ran this?"));
    }

    @Override
    public TrialResult run(TrialContext ctx) {
        String env = System.getenv(VARIABLE);
        return new TrialResult(Map.of("score", ctx.doubleParam("x"), "pid", (double) ProcessHandle.current().pid(),
                "env", env == null ? -1.0 : Double.parseDouble(env)));
    }
}
