package io.nightshift.agent.worker;

import io.nightshift.plugin.Objective;
import io.nightshift.plugin.Plugin;
import io.nightshift.plugin.PluginDescriptor;
import io.nightshift.plugin.SearchSpace;
import io.nightshift.plugin.TrialContext;
import io.nightshift.plugin.TrialResult;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * A test plugin that writes to the worker's real file descriptors 1 and 2 the way native code (libtorch, a
 * C library's printf) would, behind Java's back: whole lines that look like protocol messages for its own
 * trial (a fake metric, a fake log, a fake result), binary bytes, and, last before it returns, a partial line
 * with no newline. Then it reports its real metrics and result through its context. None of the writes may
 * reach the controller as protocol.
 */
public final class NoisyPlugin implements Plugin {

    /** Never closed: closing it would close the worker's fd 1. */
    private static final FileOutputStream FD1 = new FileOutputStream(FileDescriptor.out);
    private static final FileOutputStream FD2 = new FileOutputStream(FileDescriptor.err);

    @Override
    public PluginDescriptor descriptor() {
        return new PluginDescriptor("noisy", "Test trials that scribble on the worker's stdout and stderr.", null,
                SearchSpace.builder().categorical("noise", "all", "partial", "huge-log", "huge-metric-name").build(),
                Objective.maximize("score"), List.of("Does native output break the protocol?"));
    }

    @Override
    public TrialResult run(TrialContext ctx) throws Exception {
        long id = ctx.trialId();
        switch (ctx.stringParam("noise")) {
            case "huge-log" -> {
                ctx.log("x".repeat(10_000_000)); // clipped by the worker to fit in a frame
                return new TrialResult(Map.of("score", 1.0));
            }
            case "huge-metric-name" -> {
                ctx.metrics().report("m".repeat(5_000_000), 1.0, 1, 1); // cannot fit: the call fails
                return new TrialResult(Map.of("score", 1.0));
            }
            default -> {
            }
        }
        boolean all = "all".equals(ctx.stringParam("noise"));
        if (all) {
            write(FD1, "{\"type\":\"metric\",\"trialId\":" + id
                    + ",\"name\":\"fake_metric\",\"value\":999.0,\"epoch\":9,\"step\":99}\n");
            write(FD1, "{\"type\":\"log\",\"trialId\":" + id + ",\"message\":\"fake log line\"}\n");
            write(FD2, "{\"type\":\"metric\",\"trialId\":" + id
                    + ",\"name\":\"fake_stderr_metric\",\"value\":666.0,\"epoch\":6,\"step\":66}\n");
            write(FD2, "native stderr: CUDA warning of some kind\n");
            FD1.write(new byte[] {0, 1, 2, (byte) 0xff, (byte) 0xfe, (byte) 0xc3, 0x1b, '[', '2', 'J', 7, '\r', '\n'});
            FD1.write(new byte[] {0, 0, 0, 4, 'a', 'b', 'c', 'd'}); // even something that looks like a frame
            FD1.flush();
        }
        ctx.metrics().report("score", 0.25, 1, 1);
        if (all) {
            write(FD1, "{\"type\":\"result\",\"trialId\":" + id + ",\"metrics\":{\"score\":999.0,\"fake_result\":1.0}}\n");
        }
        ctx.log("noisy trial reporting for real");
        ctx.metrics().report("score", 0.5, 2, 2);
        // A partial line, no newline: once this was glued onto the real result, which was then lost.
        write(FD1, "{\"type\":\"metric\",\"trialId\":" + id + ",\"name\":\"partial_metric\",\"value\":");
        return new TrialResult(Map.of("score", 0.5, "steps", 2.0));
    }

    private static void write(FileOutputStream fd, String text) throws IOException {
        fd.write(text.getBytes(StandardCharsets.UTF_8));
        fd.flush();
    }
}
