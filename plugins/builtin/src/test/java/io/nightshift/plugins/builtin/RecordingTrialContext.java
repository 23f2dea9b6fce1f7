package io.nightshift.plugins.builtin;

import io.nightshift.plugin.MetricReporter;
import io.nightshift.plugin.TrialContext;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A worker's view of one trial, minus the process and the wire: it records what the plugin reports. */
final class RecordingTrialContext implements TrialContext {

    record Metric(String name, double value, int epoch, long step) {
    }

    final Map<String, Object> parameters;
    final Instant deadline;
    final Path dataRoot;
    final List<Metric> metrics = new ArrayList<>();
    final List<String> log = new ArrayList<>();
    volatile boolean cancelled;

    RecordingTrialContext(Map<String, Object> parameters, Instant deadline, Path dataRoot) {
        this.parameters = parameters;
        this.deadline = deadline;
        this.dataRoot = dataRoot;
    }

    List<String> metricNames() {
        return metrics.stream().map(Metric::name).toList();
    }

    @Override public long trialId() { return 1; }
    @Override public Map<String, Object> parameters() { return parameters; }
    @Override public MetricReporter metrics() { return (n, v, e, s) -> metrics.add(new Metric(n, v, e, s)); }
    @Override public String device() { return "cpu"; }
    @Override public Instant deadline() { return deadline; }
    @Override public boolean isCancelled() { return cancelled; }
    @Override public long seed() { return 123; }
    @Override public Path dataDirectory() { return dataRoot; }
    @Override public void log(String message) { log.add(message); }
}
