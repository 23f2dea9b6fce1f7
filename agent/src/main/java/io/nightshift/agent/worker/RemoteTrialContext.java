package io.nightshift.agent.worker;

import io.nightshift.plugin.MetricReporter;
import io.nightshift.plugin.TrialContext;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.function.Consumer;

/** The trial context inside a worker: every metric and log line becomes a protocol message. */
final class RemoteTrialContext implements TrialContext {

    private final WorkerMessage.Run run;
    private final String device;
    private final Consumer<WorkerMessage> out;
    private final Instant deadline;
    private volatile boolean cancelled;

    RemoteTrialContext(WorkerMessage.Run run, String device, Consumer<WorkerMessage> out) {
        this.run = run;
        this.deadline = Instant.now().plusMillis(run.budgetMillis());
        this.device = device;
        this.out = out;
    }

    void cancel() {
        cancelled = true;
    }

    @Override
    public long trialId() {
        return run.trialId();
    }

    @Override
    public Map<String, Object> parameters() {
        return run.parameters();
    }

    @Override
    public MetricReporter metrics() {
        return (name, value, epoch, step) -> out.accept(new WorkerMessage.Metric(run.trialId(), name, value, epoch, step));
    }

    @Override
    public String device() {
        return device;
    }

    @Override
    public Instant deadline() {
        return deadline;
    }

    @Override
    public boolean isCancelled() {
        return cancelled;
    }

    @Override
    public long seed() {
        return run.seed();
    }

    @Override
    public Path dataDirectory() {
        return Path.of(run.dataDirectory());
    }

    @Override
    public int attempt() {
        return Math.max(1, run.attempt());
    }

    @Override
    public long proposalId() {
        return run.proposalId();
    }

    @Override
    public Path artifacts() {
        return directory(run.artifactsDirectory(), "artifact");
    }

    @Override
    public Path checkpoints() {
        return directory(run.checkpointDirectory(), "checkpoint");
    }

    private static Path directory(String path, String what) {
        if (path == null) {
            throw new UnsupportedOperationException("this trial was given no " + what + " directory");
        }
        return Path.of(path);
    }

    @Override
    public void note(String name, String text) {
        out.accept(new WorkerMessage.Note(run.trialId(), String.valueOf(name), String.valueOf(text)));
    }

    @Override
    public void log(String message) {
        out.accept(new WorkerMessage.Log(run.trialId(), message));
    }
}
