package io.nightshift.plugin.testkit;

import io.nightshift.plugin.MetricReporter;
import io.nightshift.plugin.Plugin;
import io.nightshift.plugin.SearchSpace;
import io.nightshift.plugin.TrialContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A {@link TrialContext} for a plugin's unit tests: what a worker gives a trial, without the worker. It records
 * every metric, log line and note the trial reports, gives it real artifact and checkpoint directories, and lets a
 * test set everything a worker would: parameters, seed, device, deadline, data directory, attempt, proposal id, and
 * the cancel flag (at once, from another thread, or after the n-th metric).
 *
 * <pre>{@code
 * @TempDir Path temp;
 *
 * @Test
 * void reportsACurveAndWritesItsArtifact() throws Exception {
 *     HelloPlugin plugin = new HelloPlugin();
 *     TestTrialContext ctx = TestTrialContext.forPlugin(plugin)      // every parameter at the middle of its range
 *             .parameter("learning_rate", 0.1)                         // ... but this one
 *             .directory(temp)
 *             .build();
 *
 *     TrialResult result = plugin.run(ctx);
 *
 *     PluginChecks.assertValidResult(plugin, result);
 *     assertThat(ctx.curve("val_loss")).hasSizeGreaterThan(1);
 *     ctx.assertArtifact("curve.csv");
 * }
 * }</pre>
 *
 * <p>Directories, under {@link Builder#directory} (a new temporary directory when not given, left in place for you
 * to look at): {@code data/} (the default data directory), {@code trial-<id>/artifacts/} and
 * {@code proposal-<id>/checkpoints/}, all created by {@link Builder#build()}, as the worker creates them before a
 * trial starts. {@link #nextAttempt()} makes the context of the experiment's next run: same parameters, seed and
 * checkpoint directory, a new trial id and artifact directory, as after a lost worker.
 *
 * <p>Thread-safe: a trial may report from threads of its own.
 */
public final class TestTrialContext implements TrialContext {

    private final Builder spec;
    private final Map<String, Object> parameters;
    private final Instant deadline;
    private final Path artifacts;
    private final Path checkpoints;
    private final Path dataDirectory;
    private final List<ReportedMetric> metrics = new CopyOnWriteArrayList<>();
    private final List<String> logs = new CopyOnWriteArrayList<>();
    private final List<Note> notes = new CopyOnWriteArrayList<>();
    private final AtomicInteger reports = new AtomicInteger();
    private volatile boolean cancelled;

    private TestTrialContext(Builder spec) {
        this.spec = spec;
        this.parameters = spec.parameters;
        this.deadline = spec.deadline != null ? spec.deadline : Instant.now().plus(spec.budget);
        Path root = spec.directory;
        this.dataDirectory = spec.dataDirectory != null ? spec.dataDirectory : root.resolve("data");
        this.artifacts = spec.artifacts != null ? spec.artifacts
                : root.resolve("trial-" + spec.trialId).resolve("artifacts");
        this.checkpoints = spec.checkpoints != null ? spec.checkpoints
                : root.resolve("proposal-" + spec.proposalId).resolve("checkpoints");
        try {
            Files.createDirectories(dataDirectory);
            Files.createDirectories(artifacts);
            Files.createDirectories(checkpoints);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the trial's directories under " + root, e);
        }
    }

    /** A builder with the defaults: trial 1 of proposal 1, attempt 1, seed 42, cpu, a 60-second budget. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder whose parameters are {@code plugin}'s whole search space at its middle (as a study design gives a
     * parameter it neither pins nor tunes); {@link Builder#parameter} changes some, and {@link Builder#build()}
     * checks the result against the space, so the trial sees valid, canonical values as in a worker.
     */
    public static Builder forPlugin(Plugin plugin) {
        return new Builder().searchSpace(plugin.descriptor().searchSpace());
    }

    // ---- TrialContext ----

    @Override
    public long trialId() {
        return spec.trialId;
    }

    @Override
    public Map<String, Object> parameters() {
        return parameters;
    }

    @Override
    public MetricReporter metrics() {
        return (name, value, epoch, step) -> {
            Objects.requireNonNull(name, "a metric needs a name");
            metrics.add(new ReportedMetric(name, value, epoch, step));
            if (spec.cancelAfterReports > 0 && reports.incrementAndGet() >= spec.cancelAfterReports) {
                cancelled = true;
            }
        };
    }

    @Override
    public String device() {
        return spec.device;
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
        return spec.seed;
    }

    @Override
    public Path dataDirectory() {
        return dataDirectory;
    }

    @Override
    public void log(String message) {
        logs.add(String.valueOf(message));
    }

    @Override
    public int attempt() {
        return spec.attempt;
    }

    @Override
    public long proposalId() {
        return spec.proposalId;
    }

    @Override
    public Path artifacts() {
        return artifacts;
    }

    @Override
    public Path checkpoints() {
        return checkpoints;
    }

    @Override
    public void note(String name, String text) {
        notes.add(new Note(String.valueOf(name), String.valueOf(text)));
    }

    // ---- control ----

    /** Raises the cancel flag, as the controller does at a trial's hard limit or when it prunes it. */
    public void cancel() {
        cancelled = true;
    }

    /**
     * The context of this experiment's next run, as after a lost worker or a stopped nightshift: the same
     * parameters, seed, proposal and checkpoint directory; the next attempt number and trial id; a fresh artifact
     * directory, deadline and record; not cancelled.
     */
    public TestTrialContext nextAttempt() {
        Builder next = spec.copy();
        next.trialId = spec.trialId + 1;
        next.attempt = spec.attempt + 1;
        next.checkpoints = checkpoints;
        next.artifacts = null;
        next.cancelAfterReports = 0;
        if (spec.deadline != null) {
            next.deadline = null;
            next.budget = Duration.between(spec.builtAt, spec.deadline).isNegative() ? Duration.ZERO
                    : Duration.between(spec.builtAt, spec.deadline);
        }
        return next.build();
    }

    // ---- what was reported ----

    /** Every metric reported, in order. */
    public List<ReportedMetric> reported() {
        return List.copyOf(metrics);
    }

    /** Every report of {@code name}, in order. */
    public List<ReportedMetric> reported(String name) {
        return metrics.stream().filter(m -> m.name().equals(name)).toList();
    }

    /** The values reported for {@code name}, in order: a learning curve. Empty when never reported. */
    public List<Double> curve(String name) {
        return reported(name).stream().map(ReportedMetric::value).toList();
    }

    /** The last value reported for {@code name}. */
    public OptionalDouble last(String name) {
        List<ReportedMetric> all = reported(name);
        return all.isEmpty() ? OptionalDouble.empty() : OptionalDouble.of(all.get(all.size() - 1).value());
    }

    /** The names of the metrics reported, in the order first reported. */
    public Set<String> metricNames() {
        Set<String> names = new LinkedHashSet<>();
        metrics.forEach(m -> names.add(m.name()));
        return Collections.unmodifiableSet(names);
    }

    /** The log lines, in order. */
    public List<String> logs() {
        return List.copyOf(logs);
    }

    /** The notes, in order. */
    public List<Note> notes() {
        return List.copyOf(notes);
    }

    /** The text of the last note named {@code name}. */
    public Optional<String> note(String name) {
        String text = null;
        for (Note n : notes) {
            if (n.name().equals(name)) {
                text = n.text();
            }
        }
        return Optional.ofNullable(text);
    }

    /** The files in the artifact directory (subdirectories included), relative to it, sorted. */
    public List<Path> artifactFiles() {
        return filesUnder(artifacts);
    }

    /** The files in the checkpoint directory, relative to it, sorted. */
    public List<Path> checkpointFiles() {
        return filesUnder(checkpoints);
    }

    // ---- checks (each throws AssertionError saying what was there instead) ----

    /** Fails unless {@code name} was reported at least once; returns this for chaining. */
    public TestTrialContext assertReported(String name) {
        if (reported(name).isEmpty()) {
            throw new AssertionError("trial " + trialId() + " reported no metric '" + name + "'; it reported "
                    + metricNames());
        }
        return this;
    }

    /** Fails unless every report of {@code name} is a finite number (not NaN, not infinite). */
    public TestTrialContext assertFinite(String name) {
        assertReported(name);
        for (ReportedMetric m : reported(name)) {
            if (!Double.isFinite(m.value())) {
                throw new AssertionError("trial " + trialId() + " reported " + name + " = " + m.value()
                        + " at epoch " + m.epoch() + ", step " + m.step());
            }
        }
        return this;
    }

    /** Fails unless some log line contains {@code text}. */
    public TestTrialContext assertLogged(String text) {
        if (logs.stream().noneMatch(l -> l.contains(text))) {
            throw new AssertionError("no log line of trial " + trialId() + " contains \"" + text + "\"; the log: "
                    + logs);
        }
        return this;
    }

    /** Fails unless a note named {@code name} was written. */
    public TestTrialContext assertNoted(String name) {
        if (note(name).isEmpty()) {
            throw new AssertionError("trial " + trialId() + " wrote no note '" + name + "'; its notes: "
                    + notes.stream().map(Note::name).toList());
        }
        return this;
    }

    /** Fails unless the artifact directory holds a non-empty file at {@code relativePath}. */
    public TestTrialContext assertArtifact(String relativePath) {
        Path file = artifacts.resolve(relativePath);
        try {
            if (!Files.isRegularFile(file) || Files.size(file) == 0) {
                throw new AssertionError("trial " + trialId() + " left no non-empty artifact '" + relativePath
                        + "' in " + artifacts + "; it has " + artifactFiles());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    private static List<Path> filesUnder(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).map(dir::relativize).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    @Override
    public String toString() {
        return "TestTrialContext[trial " + trialId() + ", proposal " + proposalId() + ", attempt " + attempt()
                + ", parameters " + parameters + "]";
    }

    /** Sets up a {@link TestTrialContext}; every setting has a default. */
    public static final class Builder {

        private long trialId = 1;
        private long proposalId = 1;
        private int attempt = 1;
        private final Map<String, Object> given = new LinkedHashMap<>();
        private Map<String, Object> parameters = Map.of();
        private SearchSpace space;
        private long seed = 42;
        private String device = "cpu";
        private Duration budget = Duration.ofSeconds(60);
        private Instant deadline;
        private Instant builtAt;
        private Path directory;
        private Path dataDirectory;
        private Path artifacts;
        private Path checkpoints;
        private int cancelAfterReports;

        private Builder() {
        }

        /** All parameters at once, replacing any set before. */
        public Builder parameters(Map<String, ?> parameters) {
            given.clear();
            given.putAll(parameters);
            return this;
        }

        /** One parameter (added to, or replacing in, those set so far). */
        public Builder parameter(String name, Object value) {
            given.put(Objects.requireNonNull(name, "name"), value);
            return this;
        }

        /**
         * Checks the parameters against {@code space} when built, filling those not given with their middle values
         * ({@link SearchSpace#complete}); a value the space refuses fails the build, naming it.
         */
        public Builder searchSpace(SearchSpace space) {
            this.space = space;
            return this;
        }

        public Builder trialId(long trialId) {
            this.trialId = trialId;
            return this;
        }

        public Builder proposalId(long proposalId) {
            this.proposalId = proposalId;
            return this;
        }

        /** 1 for a first run; 2 and more for the runs after a lost worker or a stop. */
        public Builder attempt(int attempt) {
            if (attempt < 1) {
                throw new IllegalArgumentException("attempts count from 1, got " + attempt);
            }
            this.attempt = attempt;
            return this;
        }

        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** {@code cpu} or {@code gpu:N}, in DJL's notation. */
        public Builder device(String device) {
            this.device = Objects.requireNonNull(device, "device");
            return this;
        }

        /** The deadline is this long after {@link #build()} (default 60 seconds). */
        public Builder budget(Duration budget) {
            this.budget = Objects.requireNonNull(budget, "budget");
            this.deadline = null;
            return this;
        }

        /** A fixed deadline (in the past, to see that a trial stops at once and still answers). */
        public Builder deadline(Instant deadline) {
            this.deadline = Objects.requireNonNull(deadline, "deadline");
            return this;
        }

        /** Where the trial's directories go (a JUnit {@code @TempDir}, as a rule). */
        public Builder directory(Path directory) {
            this.directory = Objects.requireNonNull(directory, "directory");
            return this;
        }

        /** The root of the datasets (default: {@code data/} under {@link #directory}). */
        public Builder dataDirectory(Path dataDirectory) {
            this.dataDirectory = Objects.requireNonNull(dataDirectory, "dataDirectory");
            return this;
        }

        /** The trial's artifact directory, instead of {@code trial-<id>/artifacts/} under {@link #directory}. */
        public Builder artifacts(Path artifacts) {
            this.artifacts = Objects.requireNonNull(artifacts, "artifacts");
            return this;
        }

        /** The checkpoint directory, instead of {@code proposal-<id>/checkpoints/} under {@link #directory}. */
        public Builder checkpoints(Path checkpoints) {
            this.checkpoints = Objects.requireNonNull(checkpoints, "checkpoints");
            return this;
        }

        /** The cancel flag goes up once the trial has reported this many metrics (0: never by itself). */
        public Builder cancelAfterReports(int reports) {
            if (reports < 0) {
                throw new IllegalArgumentException("reports must not be negative, got " + reports);
            }
            this.cancelAfterReports = reports;
            return this;
        }

        public TestTrialContext build() {
            Builder spec = copy();
            spec.builtAt = Instant.now();
            if (spec.directory == null) {
                try {
                    spec.directory = Files.createTempDirectory("nightshift-test-trial-");
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot create a temporary directory for the trial", e);
                }
            }
            spec.parameters = space != null ? Collections.unmodifiableMap(space.complete(given))
                    : Collections.unmodifiableMap(new LinkedHashMap<>(given));
            return new TestTrialContext(spec);
        }

        private Builder copy() {
            Builder b = new Builder();
            b.trialId = trialId;
            b.proposalId = proposalId;
            b.attempt = attempt;
            b.given.putAll(given);
            b.parameters = parameters;
            b.space = space;
            b.seed = seed;
            b.device = device;
            b.budget = budget;
            b.deadline = deadline;
            b.builtAt = builtAt;
            b.directory = directory;
            b.dataDirectory = dataDirectory;
            b.artifacts = artifacts;
            b.checkpoints = checkpoints;
            b.cancelAfterReports = cancelAfterReports;
            return b;
        }
    }
}
