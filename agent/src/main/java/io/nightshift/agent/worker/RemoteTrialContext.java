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
    public void log(String message) {
        out.accept(new WorkerMessage.Log(run.trialId(), message));
    }
}
