package io.nightshift.agent.worker;

import io.nightshift.agent.plugins.PluginRegistry;
import io.nightshift.plugin.Plugin;
import io.nightshift.plugin.TrialResult;
import java.io.BufferedReader;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Entry point of a worker process: reads protocol messages on stdin, runs one trial at a time,
 * writes metrics, logs, the result or the error on stdout, and beats every few seconds.
 *
 * <p>stdout is reserved for the protocol: {@code System.out} is pointed at stderr before any
 * library can print to it. When stdin closes (the controller is gone) the worker exits, so a
 * crashed controller leaves no orphans training for nobody.
 */
public final class WorkerMain {

    private final PrintStream protocol;
    private final MessageCodec codec = new MessageCodec();
    private final PluginRegistry plugins;
    private final String device;
    private final ExecutorService trialThread = Executors.newSingleThreadExecutor(r -> new Thread(r, "trial"));
    private final AtomicReference<RemoteTrialContext> current = new AtomicReference<>();

    WorkerMain(PrintStream protocol, PluginRegistry plugins, String device) {
        this.protocol = protocol;
        this.plugins = plugins;
        this.device = device;
    }

    public static void main(String[] args) throws IOException {
        PrintStream protocol = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        System.setOut(System.err);
        ignoreInterrupts();
        Path pluginsDir = Path.of(arg(args, "--plugins-dir", ""));
        String device = arg(args, "--device", "cpu");
        int heartbeatSeconds = Integer.parseInt(arg(args, "--heartbeat-seconds", "2"));

        WorkerMain worker = new WorkerMain(protocol, PluginRegistry.load(pluginsDir), device);
        ScheduledExecutorService beats = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "heartbeat");
            t.setDaemon(true);
            return t;
        });
        beats.scheduleAtFixedRate(worker::beat, heartbeatSeconds, heartbeatSeconds, TimeUnit.SECONDS);
        worker.send(new WorkerMessage.Ready(ProcessHandle.current().pid(), device));
        worker.serve(new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)));
        // halt, not exit: a plugin's non-daemon threads or a native library must not keep a worker alive.
        Runtime.getRuntime().halt(0);
    }

    void serve(BufferedReader in) throws IOException {
        String line;
        while ((line = in.readLine()) != null) {
            if (line.isBlank()) {
                continue;
            }
            WorkerMessage message;
            try {
                message = codec.decode(line);
            } catch (MessageCodec.ProtocolException e) {
                System.err.println("ignored: " + e.getMessage());
                continue;
            }
            if (message instanceof WorkerMessage.Run run) {
                start(run);
            } else if (message instanceof WorkerMessage.Cancel cancel) {
                RemoteTrialContext ctx = current.get();
                if (ctx != null && ctx.trialId() == cancel.trialId()) {
                    ctx.cancel();
                }
            } else if (message instanceof WorkerMessage.Shutdown) {
                return;
            } else {
                System.err.println("ignored a message meant for the controller: " + line);
            }
        }
    }

    private void start(WorkerMessage.Run run) {
        RemoteTrialContext ctx = new RemoteTrialContext(run, device, this::send);
        if (!current.compareAndSet(null, ctx)) {
            send(new WorkerMessage.Error(run.trialId(), "worker is busy with trial " + current.get().trialId(), ""));
            return;
        }
        trialThread.execute(() -> {
            WorkerMessage outcome;
            try {
                Plugin plugin = plugins.get(run.plugin());
                TrialResult result = plugin.run(ctx);
                outcome = new WorkerMessage.Result(run.trialId(), result.metrics());
            } catch (Throwable t) {
                // Throwable: an OutOfMemoryError or a native failure must still reach the controller as a reason.
                outcome = new WorkerMessage.Error(run.trialId(), describe(t), stackTrace(t));
            }
            // Free before answering: the controller may send the next run as soon as it reads the answer.
            current.set(null);
            send(outcome);
        });
    }

    private void beat() {
        RemoteTrialContext ctx = current.get();
        send(new WorkerMessage.Heartbeat(ctx == null ? null : ctx.trialId()));
    }

    synchronized void send(WorkerMessage message) {
        protocol.println(codec.encode(message));
        protocol.flush();
    }

    /**
     * Ctrl-C in a terminal signals the whole process group, workers included. A worker must not
     * die of it on its own: the controller decides (it records the trial as interrupted, then
     * stops the worker), so there is no race between the two.
     */
    @SuppressWarnings("restriction")
    private static void ignoreInterrupts() {
        try {
            sun.misc.Signal.handle(new sun.misc.Signal("INT"), sun.misc.SignalHandler.SIG_IGN);
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            System.err.println("cannot ignore SIGINT here: " + e.getMessage());
        }
    }

    private static String describe(Throwable t) {
        String message = t.getMessage();
        return t.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    private static String stackTrace(Throwable t) {
        StringWriter out = new StringWriter();
        t.printStackTrace(new PrintWriter(out));
        return out.toString();
    }

    private static String arg(String[] args, String name, String fallback) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return fallback;
    }
}
