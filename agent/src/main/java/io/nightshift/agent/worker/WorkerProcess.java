package io.nightshift.agent.worker;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One worker JVM seen from the controller. A reader thread turns its stdout into messages; the
 * thread that runs a trial waits on them, watching for silence (a hung worker) and for the trial's
 * hard limit. stderr goes to the worker's log file, whose tail explains a crash.
 */
public final class WorkerProcess implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(WorkerProcess.class);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration CANCEL_GRACE = Duration.ofSeconds(15);
    private static final int MAX_STRAY_LINE = 2_000;
    private static final int TAIL_BYTES = 16_384;

    /** Put on the queue by the reader thread when stdout closes. */
    private record Exited() {}

    private final String name;
    private final Process process;
    private final Path logFile;
    private final Writer stdin;
    private final MessageCodec codec;
    private final Duration heartbeatTimeout;
    private final BlockingQueue<Object> inbox = new LinkedBlockingQueue<>();
    private volatile boolean exited;

    private WorkerProcess(String name, Process process, Path logFile, MessageCodec codec, Duration heartbeatTimeout) {
        this.name = name;
        this.process = process;
        this.logFile = logFile;
        this.codec = codec;
        this.heartbeatTimeout = heartbeatTimeout;
        this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        Thread reader = new Thread(this::readLoop, name + "-reader");
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts the process and waits for its {@code ready} message. */
    public static WorkerProcess start(String name, List<String> command, Path logFile, MessageCodec codec,
                                      Duration heartbeatTimeout) throws IOException {
        Files.createDirectories(logFile.getParent());
        Process process = new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                .start();
        WorkerProcess worker = new WorkerProcess(name, process, logFile, codec, heartbeatTimeout);
        worker.awaitReady();
        return worker;
    }

    public String name() {
        return name;
    }

    public boolean isAlive() {
        return !exited && process.isAlive();
    }

    private void awaitReady() throws IOException {
        Instant until = Instant.now().plus(START_TIMEOUT);
        while (Instant.now().isBefore(until)) {
            Object m = poll(Duration.ofMillis(500));
            if (m instanceof WorkerMessage.Ready ready) {
                log.info("{} ready (pid {}, device {})", name, ready.pid(), ready.device());
                return;
            }
            if (m instanceof Exited) {
                // The reader queues Exited after the last line, so what the JVM printed is in the log by now.
                throw new IOException(name + " exited while starting (code " + exitCode() + "): " + tail());
            }
        }
        process.destroyForcibly();
        throw new IOException(name + " did not start within " + START_TIMEOUT.toSeconds() + " s; see " + logFile);
    }

    /**
     * Runs one trial and blocks until it ends.
     *
     * @param hardLimit when the trial is cancelled if still running; killed {@link #CANCEL_GRACE} later
     */
    public TrialOutcome run(WorkerMessage.Run request, TrialEvents events, Instant hardLimit) {
        inbox.clear();
        try {
            send(request);
        } catch (IOException e) {
            return new TrialOutcome.WorkerLost(name + " could not be sent the trial: " + e.getMessage() + "; " + tail());
        }
        Instant lastHeard = Instant.now();
        boolean cancelSent = false;
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
            } else if (m instanceof Exited) {
                return new TrialOutcome.WorkerLost(name + " exited mid-trial with code " + exitCode() + ": " + tail());
            } else {
                lastHeard = now;
                if (m instanceof WorkerMessage.Metric metric && metric.trialId() == request.trialId()) {
                    events.metric(metric);
                } else if (m instanceof WorkerMessage.Log line && line.trialId() == request.trialId()) {
                    events.log(line.message());
                } else if (m instanceof WorkerMessage.Result result && result.trialId() == request.trialId()) {
                    return new TrialOutcome.Completed(result.metrics());
                } else if (m instanceof WorkerMessage.Error error && error.trialId() == request.trialId()) {
                    return new TrialOutcome.Failed(error.message(), error.detail());
                }
            }
            if (!cancelSent && now.isAfter(hardLimit)) {
                cancel(request.trialId());
                cancelSent = true;
            } else if (cancelSent && now.isAfter(hardLimit.plus(CANCEL_GRACE))) {
                kill();
                return new TrialOutcome.WorkerLost(name + " ran past the trial's time limit and ignored the cancel; it was killed");
            }
        }
    }

    public void cancel(long trialId) {
        try {
            send(new WorkerMessage.Cancel(trialId));
        } catch (IOException e) {
            log.warn("{}: could not send cancel: {}", name, e.getMessage());
        }
    }

    private synchronized void send(WorkerMessage message) throws IOException {
        stdin.write(codec.encode(message));
        stdin.write('\n');
        stdin.flush();
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

    private void readLoop() {
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                try {
                    inbox.add(codec.decode(line));
                } catch (MessageCodec.ProtocolException e) {
                    // Native code, or the JVM itself when it cannot start, writes to fd 1 behind Java's back:
                    // keep the line in the worker's log, where the tail of a failure is read from.
                    keepStrayOutput(line);
                }
            }
        } catch (IOException e) {
            log.debug("{} stdout closed: {}", name, e.getMessage());
        } finally {
            exited = true;
            inbox.add(new Exited());
        }
    }

    private String exitCode() {
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

    private void keepStrayOutput(String line) {
        String kept = line.length() > MAX_STRAY_LINE ? line.substring(0, MAX_STRAY_LINE) + " [...]" : line;
        try {
            Files.writeString(logFile, "[stdout] " + kept + System.lineSeparator(), StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            log.info("{} wrote a non-protocol line: {}", name, kept);
        }
    }

    /** The last lines of the worker's log, which is where a JVM or native crash explains itself. */
    String tail() {
        try (java.io.RandomAccessFile file = new java.io.RandomAccessFile(logFile.toFile(), "r")) {
            // The end of the file only, decoded leniently: a crash can leave megabytes and binary bytes behind.
            long from = Math.max(0, file.length() - TAIL_BYTES);
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

    public void kill() {
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
                    return;
                }
            } catch (IOException e) {
                log.debug("{}: shutdown not delivered: {}", name, e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            kill();
        }
    }
}
