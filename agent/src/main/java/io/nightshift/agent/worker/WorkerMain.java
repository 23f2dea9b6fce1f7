package io.nightshift.agent.worker;

import io.nightshift.agent.plugins.PluginRegistry;
import io.nightshift.plugin.Plugin;
import io.nightshift.plugin.TrialResult;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.Socket;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Entry point of a worker process: reads protocol messages from its controller, runs one trial at a time,
 * sends metrics, logs, the result or the error back, and beats every few seconds.
 *
 * <p>The first line of stdin says where the controller listens and the secret to present there (see
 * {@link WorkerChannel}); every message then goes over that connection, framed. fd 1 and fd 2 are not the
 * protocol: the controller points both at the worker's log, so whatever a plugin, a library or native code
 * prints there is kept and never read as a message. The worker exits when its controller goes away: when the
 * connection closes, and when stdin closes (the controller never writes to it again, so its end means the
 * controller died).
 */
public final class WorkerMain {

    /** Log lines and error texts longer than this are clipped, so a message always fits in one frame. */
    static final int MAX_TEXT_CHARS = 256 * 1024;

    private final OutputStream protocol;
    private final MessageCodec codec = new MessageCodec();
    private final PluginRegistry plugins;
    private final String device;
    private final ExecutorService trialThread = Executors.newSingleThreadExecutor(r -> new Thread(r, "trial"));
    private final AtomicReference<RemoteTrialContext> current = new AtomicReference<>();
    /** Plugins whose warmUp ran in this worker (only the trial thread touches it). */
    private final java.util.Set<String> warm = new java.util.HashSet<>();
    /** The settings each plugin was configured with in this worker (only the trial thread touches it). */
    private final java.util.Map<String, java.util.Map<String, Object>> configured = new java.util.HashMap<>();

    WorkerMain(OutputStream protocol, PluginRegistry plugins, String device) {
        this.protocol = protocol;
        this.plugins = plugins;
        this.device = device;
    }

    public static void main(String[] args) throws IOException {
        InputStream stdin = new FileInputStream(FileDescriptor.in);
        String invitation;
        try {
            invitation = WorkerChannel.readInvitation(stdin);
        } catch (IOException e) {
            System.err.println("nightshift worker: " + e.getMessage()
                    + " (workers are started by 'nightshift run', which tells them where to connect on stdin)");
            Runtime.getRuntime().halt(2);
            return;
        }
        run(invitation, stdin, args);
    }

    /** Runs a worker that connects as {@code invitation} says; {@code stdin} is watched for its end. */
    static void run(String invitation, InputStream stdin, String[] args) throws IOException {
        // Java's own prints share the one log with fd 2, in the order they happen.
        System.setOut(System.err);
        // No plugin can take the controller's-death signal away by reading stdin.
        System.setIn(InputStream.nullInputStream());
        ignoreInterrupts();
        exitWhenClosed(stdin);
        Path pluginsDir = Path.of(arg(args, "--plugins-dir", ""));
        String device = arg(args, "--device", "cpu");
        int heartbeatSeconds = Integer.parseInt(arg(args, "--heartbeat-seconds", "2"));

        Socket channel = WorkerChannel.connect(invitation);
        WorkerMain worker = new WorkerMain(new BufferedOutputStream(channel.getOutputStream()),
                PluginRegistry.load(pluginsDir), device);
        ScheduledExecutorService beats = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "heartbeat");
            t.setDaemon(true);
            return t;
        });
        beats.scheduleAtFixedRate(worker::beat, heartbeatSeconds, heartbeatSeconds, TimeUnit.SECONDS);
        worker.send(new WorkerMessage.Ready(ProcessHandle.current().pid(), device));
        worker.serve(new BufferedInputStream(channel.getInputStream()));
        // halt, not exit: a plugin's non-daemon threads or a native library must not keep a worker alive.
        Runtime.getRuntime().halt(0);
    }

    /** Reads stdin to its end on a daemon thread, then exits: the controller that held its other end is gone. */
    private static void exitWhenClosed(InputStream stdin) {
        Thread watch = new Thread(() -> {
            byte[] ignored = new byte[256];
            try {
                while (stdin.read(ignored) >= 0) {
                    // The controller writes nothing after the invitation; anything else is ignored.
                }
            } catch (IOException e) {
                // closed too
            }
            System.err.println("stdin closed: the controller is gone; exiting");
            Runtime.getRuntime().halt(0);
        }, "controller-watch");
        watch.setDaemon(true);
        watch.start();
    }

    /** Serves until the controller says shutdown or closes the connection. */
    void serve(InputStream in) throws IOException {
        while (true) {
            WorkerMessage message;
            try {
                message = codec.readFrame(in);
            } catch (MessageCodec.ProtocolException e) {
                System.err.println("protocol error from the controller, exiting: " + e.getMessage());
                return;
            } catch (IOException e) {
                System.err.println("the connection to the controller failed, exiting: " + e.getMessage());
                return;
            }
            if (message == null) {
                return;
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
                System.err.println("ignored a message meant for the controller: " + message);
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
                configure(plugin, run);
                if (warm.add(run.plugin())) {
                    // Once per plugin and worker: what it loads here stays for every later trial on this worker.
                    plugin.warmUp(Path.of(run.dataDirectory()));
                }
                TrialResult result = plugin.run(ctx);
                outcome = new WorkerMessage.Result(run.trialId(), result.metrics());
            } catch (Throwable t) {
                // Throwable: an OutOfMemoryError or a native failure must still reach the controller as a reason.
                outcome = new WorkerMessage.Error(run.trialId(), describe(t), stackTrace(t));
            }
            // Free before answering: the controller may send the next run as soon as it reads the answer.
            current.set(null);
            try {
                send(outcome);
            } catch (MessageCodec.FrameTooLargeException e) {
                send(new WorkerMessage.Error(run.trialId(), "the trial's result could not be sent: " + e.getMessage(), ""));
            }
        });
    }

    /**
     * Hands the plugin its settings before its first trial here, as the controller did when it loaded it; again only
     * if a run brings other settings. A refusal fails this trial with the configuration error, and the next run
     * tries again.
     */
    private void configure(Plugin plugin, WorkerMessage.Run run) {
        java.util.Map<String, Object> settings = run.settings() == null ? java.util.Map.of() : run.settings();
        if (!settings.equals(configured.get(run.plugin()))) {
            PluginRegistry.configure(run.plugin(), plugin, settings, "the controller's configuration");
            configured.put(run.plugin(), settings);
        }
    }

    private void beat() {
        RemoteTrialContext ctx = current.get();
        send(new WorkerMessage.Heartbeat(ctx == null ? null : ctx.trialId()));
    }

    /**
     * Sends one frame. Long log and error texts are clipped to fit.
     *
     * @throws MessageCodec.FrameTooLargeException when the message still does not fit (a metric with a huge name,
     *                                             a result with too many metrics): a plugin's call then fails
     */
    synchronized void send(WorkerMessage message) {
        byte[] frame = codec.frame(clip(message));
        try {
            protocol.write(frame);
            protocol.flush();
        } catch (IOException e) {
            // Nobody to report to: the controller is gone or dropped us.
            System.err.println("cannot reach the controller, exiting: " + e.getMessage());
            Runtime.getRuntime().halt(0);
        }
    }

    static WorkerMessage clip(WorkerMessage message) {
        if (message instanceof WorkerMessage.Log log) {
            return new WorkerMessage.Log(log.trialId(), clip(log.message()));
        }
        if (message instanceof WorkerMessage.Error error) {
            return new WorkerMessage.Error(error.trialId(), clip(error.message()), clip(error.detail()));
        }
        return message;
    }

    private static String clip(String text) {
        if (text == null || text.length() <= MAX_TEXT_CHARS) {
            return text;
        }
        return text.substring(0, MAX_TEXT_CHARS) + " [... " + (text.length() - MAX_TEXT_CHARS) + " more characters cut]";
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
