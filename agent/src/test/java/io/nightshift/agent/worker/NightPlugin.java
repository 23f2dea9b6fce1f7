package io.nightshift.agent.worker;

import io.nightshift.plugin.Objective;
import io.nightshift.plugin.Plugin;
import io.nightshift.plugin.PluginDescriptor;
import io.nightshift.plugin.SearchSpace;
import io.nightshift.plugin.TrialContext;
import io.nightshift.plugin.TrialResult;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The plugin of the night drill: a learning curve that pruning can judge (eight epochs of 250 ms, the loss falling
 * towards a floor set by {@code x}), and a fault that strikes after the second epoch on command: the worker's JVM
 * halts, the trial hangs ignoring the cancel, throws, reports NaN, exhausts the Java heap, exhausts native memory
 * through DJL (libtorch tensors, outside the heap), or scribbles on the worker's stdout the way native code does
 * (after which it finishes normally).
 */
public final class NightPlugin implements Plugin {

    public static final List<String> FAULTS = List.of("none", "halt", "hang", "throw", "nan", "heap", "native", "garbage");
    static final int EPOCHS = 8;

    /** Never closed: closing it would close the worker's fd 1. */
    private static final FileOutputStream FD1 = new FileOutputStream(FileDescriptor.out);

    @Override
    public PluginDescriptor descriptor() {
        return new PluginDescriptor("night", "Test trials with a learning curve and a fault on command.", null,
                SearchSpace.builder().floatParam("x", 0, 1).categorical("fault", FAULTS.toArray(String[]::new)).build(),
                Objective.minimize("loss"), List.of("Which x learns best?"));
    }

    @Override
    public TrialResult run(TrialContext ctx) throws Exception {
        double x = ctx.doubleParam("x");
        String fault = ctx.stringParam("fault");
        double loss = Double.NaN;
        for (int epoch = 1; epoch <= EPOCHS && !ctx.isCancelled(); epoch++) {
            Thread.sleep(250);
            loss = 0.2 + (x - 0.3) * (x - 0.3) + 0.5 / epoch;
            ctx.metrics().report("loss", loss, epoch, epoch * 100L);
            if (epoch == 2) {
                strike(fault);
            }
        }
        if (fault.equals("nan")) {
            return new TrialResult(Map.of("loss", Double.NaN));
        }
        return new TrialResult(Map.of("loss", loss));
    }

    private static void strike(String fault) throws Exception {
        switch (fault) {
            case "halt" -> Runtime.getRuntime().halt(42);
            case "hang" -> {
                while (true) {
                    try {
                        Thread.sleep(1000);
                    } catch (InterruptedException ignored) {
                        // a hung native call does not answer an interrupt either
                    }
                }
            }
            case "throw" -> throw new IllegalStateException("fault on command");
            case "heap" -> {
                List<long[]> hog = new ArrayList<>();
                while (true) {
                    hog.add(new long[16 * 1024 * 1024]);
                }
            }
            case "native" -> {
                try (ai.djl.ndarray.NDManager manager = ai.djl.ndarray.NDManager.newBaseManager()) {
                    List<ai.djl.ndarray.NDArray> hog = new ArrayList<>();
                    while (true) {
                        hog.add(manager.ones(new ai.djl.ndarray.types.Shape(1L << 26),
                                ai.djl.ndarray.types.DataType.FLOAT64)); // 512 MB each
                    }
                }
            }
            case "garbage" -> {
                FD1.write("{\"type\":\"result\",\"metrics\":{\"loss\":-1}}\n".getBytes(StandardCharsets.UTF_8));
                FD1.write(new byte[] {0, 0, 0, 4, 'a', 'b', 'c', 'd', (byte) 0xff, 0x1b, '[', '2', 'J', '\n'});
                FD1.flush();
            }
            default -> {
            }
        }
    }
}
