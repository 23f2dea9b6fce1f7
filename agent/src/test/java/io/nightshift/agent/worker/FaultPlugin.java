package io.nightshift.agent.worker;

import io.nightshift.plugin.Objective;
import io.nightshift.plugin.Plugin;
import io.nightshift.plugin.PluginDescriptor;
import io.nightshift.plugin.SearchSpace;
import io.nightshift.plugin.TrialContext;
import io.nightshift.plugin.TrialResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A test plugin that fails on command, the way real trials do: halts its JVM, hangs ignoring the cancel, throws,
 * reports NaN, exhausts the Java heap, or exhausts native memory through DJL.
 */
public final class FaultPlugin implements Plugin {

    @Override
    public PluginDescriptor descriptor() {
        return new PluginDescriptor("faults", "Test trials that fail on command.", null,
                SearchSpace.builder().categorical("fault", "none", "halt", "hang", "throw", "nan", "heap", "native")
                        .build(), Objective.maximize("score"), List.of("What breaks?"));
    }

    @Override
    public TrialResult run(TrialContext ctx) throws Exception {
        ctx.metrics().report("score", 0.5, 1, 1);
        switch (ctx.stringParam("fault")) {
            case "halt" -> Runtime.getRuntime().halt(42);
            case "hang" -> {
                while (true) {
                    Thread.sleep(1000);
                }
            }
            case "throw" -> throw new IllegalStateException("fault on command");
            case "nan" -> {
                return new TrialResult(Map.of("score", Double.NaN));
            }
            case "heap" -> {
                List<long[]> hog = new ArrayList<>();
                while (true) {
                    hog.add(new long[16 * 1024 * 1024]);
                }
            }
            case "native" -> {
                // Native memory the JVM heap limit does not cover: libtorch allocations through DJL.
                try (ai.djl.ndarray.NDManager manager = ai.djl.ndarray.NDManager.newBaseManager()) {
                    List<ai.djl.ndarray.NDArray> hog = new ArrayList<>();
                    while (true) {
                        hog.add(manager.ones(new ai.djl.ndarray.types.Shape(1L << 28), ai.djl.ndarray.types.DataType.FLOAT64));
                    }
                }
            }
            default -> {
            }
        }
        return new TrialResult(Map.of("score", 1.0));
    }
}
