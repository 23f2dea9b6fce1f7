package io.nightshift.agent.worker;

import io.nightshift.core.device.ResidentMemory;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One worker JVM seen from the controller. The two talk over a {@link WorkerChannel} of their own (a loopback
 * socket, authenticated with a per-worker secret, length-framed); the worker's fd 1 and fd 2 both go to its
 * log file, so what plugins and native libraries print is kept there and never read as protocol. A reader
 * thread turns frames into messages; the thread that runs a trial waits on them, watching for silence (a hung
 * worker) and for the trial's hard limit. The worker's stdin is a pipe that is never written after the first
 * line: when the controller dies it closes, and the worker exits.
 */
public final class WorkerProcess implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(WorkerProcess.class);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    /** How long a cancelled trial has to stop before its worker is killed, unless the caller says otherwise. */
    public static final Duration CANCEL_GRACE = Duration.ofSeconds(15);
    private static final int TAIL_BYTES = 16_384;

    /** Put on the queue by the reader thread when the channel closes. */
    private record Exited() {}

    /** Put on the queue by the reader thread when the worker broke the protocol; the worker is killed. */
    private record Broken(String reason) {}

    private final String name;
    private final Process process;
    private final Path logFile;
    private final Socket channel;
    private final OutputStream toWorker;
    private final OutputStream stdin;
    private final MessageCodec codec;
    private final Duration heartbeatTimeout;
    /** Resident memory in MB past which the worker is killed mid-trial; 0 for no limit. */
    private volatile long memoryLimitMb;
    /** Where the part of the log that explains the current trial (or this worker's start) begins. */
    private volatile long tailFrom;
    /** When the running trial was asked to stop; null while it runs undisturbed. */
    private volatile Instant cancelledAt;
    private final BlockingQueue<Object> inbox = new LinkedBlockingQueue<>();
    private volatile boolean exited;

    private WorkerProcess(String name, Process process, Socket channel, Path logFile, MessageCodec codec,
                          Duration heartbeatTimeout) throws IOException {
        this.name = name;
        this.process = process;
        this.channel = channel;
        this.logFile = logFile;
        this.codec = codec;
        this.heartbeatTimeout = heartbeatTimeout;
        this.toWorker = channel.getOutputStream();
        this.stdin = process.getOutputStream();
        InputStream fromWorker = new BufferedInputStream(channel.getInputStream());
        Thread reader = new Thread(() -> readLoop(fromWorker), name + "-reader");
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts the process, waits for it to connect, then for its {@code ready} message. */
    public static WorkerProcess start(String name, List<String> command, Path logFile, MessageCodec codec,
                                      Duration heartbeatTimeout) throws IOException {
        return start(name, command, Map.of(), logFile, codec, heartbeatTimeout);
    }

    /**
     * As {@link #start(String, List, Path, MessageCodec, Duration)}, with these variables set in the worker's
     * environment (on top of the controller's); an empty value removes the variable.
     */
    public static WorkerProcess start(String name, List<String> command, Map<String, String> environment, Path logFile,
                                      MessageCodec codec, Duration heartbeatTimeout) throws IOException {
        Files.createDirectories(logFile.getParent());
        // The log is shared by this slot's successive workers: a tail shows what this one wrote, not its predecessor.
        long logStart = Files.exists(logFile) ? Files.size(logFile) : 0;
        Instant until = Instant.now().plus(START_TIMEOUT);
        try (WorkerChannel.Listener listener = new WorkerChannel.Listener()) {
            // fd 1 and fd 2 to the log, appended: the JVM's own start-up errors, System.out, native printing.
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
            environment.forEach((key, value) -> {
                if (value == null || value.isEmpty()) {
                    builder.environment().remove(key);
                } else {
                    builder.environment().put(key, value);
                }
            });
            Process process = builder.start();
            Socket channel = null;
            try {
                invite(process, listener.invitation());
                channel = listener.accept(until, process::isAlive, why -> {
                    log.warn("{}: refused a connection {}", name, why);
                    note(logFile, "refused a connection " + why);
                });
                if (channel == null) {
                    if (!process.isAlive()) {
                        throw new IOException(name + " exited while starting (code " + exitCode(process) + "): "
                                + tail(logFile, logStart));
                    }
                    throw new IOException(name + " did not connect within " + START_TIMEOUT.toSeconds() + " s; see "
                            + logFile);
                }
                WorkerProcess worker = new WorkerProcess(name, process, channel, logFile, codec, heartbeatTimeout);
                worker.tailFrom = logStart;
                worker.awaitReady(until);
                return worker;
            } catch (IOException | RuntimeException | Error e) {
                destroy(process);
                if (channel != null) {
                    WorkerChannel.closeQuietly(channel);
                }
                WorkerChannel.closeQuietly(process.getOutputStream());
                throw e;
            }
        }
    }

    /** The first and only line the worker's stdin gets; the pipe then stays open until the controller dies. */
    private static void invite(Process process, String invitation) {
        try {
            process.getOutputStream().write((invitation + "\n").getBytes(StandardCharsets.US_ASCII));
            process.getOutputStream().flush();
        } catch (IOException e) {
            // The process is gone already: waiting for its connection finds that out and reads its log.
            log.debug("could not invite a worker: {}", e.getMessage());
        }
    }

    public String name() {
        return name;
    }

    /** The worker JVM's process id. */
    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return !exited && process.isAlive();
    }

    private void awaitReady(Instant until) throws IOException {
        while (Instant.now().isBefore(until)) {
            Object m = poll(Duration.ofMillis(500));
            if (m instanceof WorkerMessage.Ready ready) {
                log.info("{} ready (pid {}, device {})", name, ready.pid(), ready.device());
                return;
            }
            if (m instanceof Broken broken) {
                throw new IOException(name + " broke the protocol while starting (" + broken.reason() + "): " + tail());
            }
            if (m instanceof Exited) {
                throw new IOException(name + " exited while starting (code " + exitCode(process) + "): " + tail());
            }
        }
        throw new IOException(name + " did not start within " + START_TIMEOUT.toSeconds() + " s; see " + logFile);
    }

    /**
     * Runs one trial and blocks until it ends.
     *
     * @param hardLimit when the trial is cancelled if still running; killed {@link #CANCEL_GRACE} later
     */
    public TrialOutcome run(WorkerMessage.Run request, TrialEvents events, Instant hardLimit) {
        return run(request, events, hardLimit, CANCEL_GRACE);
    }

    /**
     * Runs one trial and blocks until it ends.
     *
     * @param hardLimit   when the trial is cancelled if still running
     * @param cancelGrace how long a cancelled trial (at its hard limit, or by {@link #cancel} for pruning or a spent
     *                    budget) has to end before the worker is killed: a hung trial must not hold its worker
     */
    public TrialOutcome run(WorkerMessage.Run request, TrialEvents events, Instant hardLimit, Duration cancelGrace) {
        inbox.clear();
        cancelledAt = null;
        tailFrom = logSize();
        try {
            send(request);
        } catch (IOException e) {
            return new TrialOutcome.WorkerLost(name + " could not be sent the trial: " + e.getMessage() + "; " + tail());
        }
        Instant lastHeard = Instant.now();
        while (true) {
            Object m = poll(Duration.ofMillis(250));
            Instant now = Instant.now();
            events.alive();
            if (m == null) {
                if (Duration.between(lastHeard, now).compareTo(heartbeatTimeout) > 0) {
                    kill();
                    return new TrialOutcome.WorkerLost(name + " sent nothing for " + heartbeatTimeout.toSeconds()
                            + " s (hung or stalled); it was killed");
                }
            } else if (m instanceof Broken broken) {
                return new TrialOutcome.WorkerLost(name + " broke the protocol (" + broken.reason() + "); it was killed");
            } else if (m instanceof Exited) {
                return new TrialOutcome.WorkerLost(name + " exited mid-trial with code " + exitCode(process) + ": " + tail());
            } else {
                lastHeard = now;
                if (m instanceof WorkerMessage.Metric metric && metric.trialId() == request.trialId()) {
                    events.metric(metric);
                } else if (m instanceof WorkerMessage.Log line && line.trialId() == request.trialId()) {
                    events.log(line.message());
                } else if (m instanceof WorkerMessage.Note note && note.trialId() == request.trialId()) {
                    events.note(note.name(), note.text());
                } else if (m instanceof WorkerMessage.Result result && result.trialId() == request.trialId()) {
                    return new TrialOutcome.Completed(result.metrics());
                } else if (m instanceof WorkerMessage.Error error && error.trialId() == request.trialId()) {
                    return new TrialOutcome.Failed(error.message(), error.detail());
                }
            }
            if (memoryLimitMb > 0) {
                long rss = ResidentMemory.ofProcessMb(process.pid());
                if (rss > memoryLimitMb) {
                    kill();
                    return new TrialOutcome.OutOfMemory(name + " used " + rss + " MB of memory (resident, native"
                            + " included), over its limit of " + memoryLimitMb + " MB (workers.max-memory-mb); it was"
                            + " killed before it could take the machine down. Give workers more (or fewer workers),"
                            + " or make the experiment smaller");
                }
            }
            Instant cancelled = cancelledAt;
            if (cancelled == null && now.isAfter(hardLimit)) {
                cancel(request.trialId());
            } else if (cancelled != null && now.isAfter(cancelled.plus(cancelGrace))) {
                kill();
                return new TrialOutcome.WorkerLost(name + (cancelled.isBefore(hardLimit) ? " was cancelled" : " ran past the"
                        + " trial's time limit") + " and ignored the cancel for " + cancelGrace.toSeconds() + " s; it was killed");
            }
        }
    }

    public void cancel(long trialId) {
        if (cancelledAt == null) {
            cancelledAt = Instant.now();
        }
        try {
            send(new WorkerMessage.Cancel(trialId));
        } catch (IOException e) {
            log.warn("{}: could not send cancel: {}", name, e.getMessage());
        }
    }

    private synchronized void send(WorkerMessage message) throws IOException {
        byte[] frame;
        try {
            frame = codec.frame(message);
        } catch (MessageCodec.FrameTooLargeException e) {
            throw new IOException(e.getMessage(), e);
        }
        toWorker.write(frame);
        toWorker.flush();
    }

    private Object poll(Duration timeout) {
        try {
            return inbox.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kill();
            return new Exited();
        }
    }

    private void readLoop(InputStream in) {
        try {
            WorkerMessage message;
            while ((message = codec.readFrame(in)) != null) {
                inbox.add(message);
            }
        } catch (MessageCodec.ProtocolException e) {
            // The stream cannot be trusted past a bad frame: the worker is lost, and says so in its own log too.
            log.warn("{} broke the protocol: {}; killing it", name, e.getMessage());
            note(logFile, "protocol error: " + e.getMessage() + "; the worker was killed");
            exited = true;
            kill();
            inbox.add(new Broken(e.getMessage()));
            return;
        } catch (EOFException e) {
            log.debug("{} channel ended mid-frame: {}", name, e.getMessage());
        } catch (IOException e) {
            log.debug("{} channel closed: {}", name, e.getMessage());
        }
        exited = true;
        inbox.add(new Exited());
    }

    private static String exitCode(Process process) {
        try {
            if (process.waitFor(5, TimeUnit.SECONDS)) {
                int code = process.exitValue();
                return code > 128 ? code + " (signal " + (code - 128) + ")" : String.valueOf(code);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return "unknown";
    }

    /** A line of the controller's own in the worker's log, next to what the worker printed. */
    private static void note(Path logFile, String line) {
        try {
            Files.writeString(logFile, "[controller] " + line + System.lineSeparator(), StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            log.debug("cannot write to {}: {}", logFile, e.getMessage());
        }
    }

    String tail() {
        return tail(logFile, tailFrom);
    }

    /**
     * The last lines of the worker's log written since {@code start}, which is where a JVM or native crash explains
     * itself.
     */
    private static String tail(Path logFile, long start) {
        try (java.io.RandomAccessFile file = new java.io.RandomAccessFile(logFile.toFile(), "r")) {
            // The end of the file only, decoded leniently: a crash can leave megabytes and binary bytes behind.
            long from = Math.max(Math.min(start, file.length()), file.length() - TAIL_BYTES);
            byte[] bytes = new byte[(int) (file.length() - from)];
            file.seek(from);
            file.readFully(bytes);
            List<String> lines = new String(bytes, StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).toList();
            List<String> last = lines.subList(Math.max(0, lines.size() - 5), lines.size());
            return last.isEmpty() ? "(no output; see " + logFile + ")" : String.join(" | ", last) + " (log: " + logFile + ")";
        } catch (IOException e) {
            return "(log " + logFile + " unreadable: " + e.getMessage() + ")";
        }
    }

    /** Kills the worker mid-trial when its resident memory passes {@code mb}; 0 for no limit. */
    public void limitMemory(long mb) {
        memoryLimitMb = Math.max(0, mb);
    }

    private long logSize() {
        try {
            return Files.size(logFile);
        } catch (IOException e) {
            return tailFrom;
        }
    }

    public void kill() {
        destroy(process);
        WorkerChannel.closeQuietly(channel);
        WorkerChannel.closeQuietly(stdin);
    }

    private static void destroy(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    /** Asks the worker to exit, and kills it if it does not within a few seconds. */
    @Override
    public void close() {
        if (process.isAlive()) {
            try {
                send(new WorkerMessage.Shutdown());
                if (process.waitFor(3, TimeUnit.SECONDS)) {
                    WorkerChannel.closeQuietly(channel);
                    WorkerChannel.closeQuietly(stdin);
                    return;
                }
            } catch (IOException e) {
                log.debug("{}: shutdown not delivered: {}", name, e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        kill();
    }

    /** For tests: the controller's end of the channel goes away, as when the controller dies. */
    void dropChannel() {
        WorkerChannel.closeQuietly(channel);
    }

    /** For tests: the worker's stdin closes, as when the controller dies. */
    void dropStdin() {
        WorkerChannel.closeQuietly(stdin);
    }

    /** For tests: whether the worker's process ends within the time. */
    boolean exitsWithin(Duration time) throws InterruptedException {
        return process.waitFor(time.toMillis(), TimeUnit.MILLISECONDS);
    }
}
