package io.nightshift.agent.loop;

import io.nightshift.agent.artifact.TrialFiles;
import io.nightshift.agent.plugins.PluginRegistry;
import io.nightshift.agent.prune.Pruner;
import io.nightshift.agent.study.StudyPlanner;
import io.nightshift.agent.worker.TrialEvents;
import io.nightshift.agent.worker.TrialOutcome;
import io.nightshift.agent.worker.WorkerMessage;
import io.nightshift.agent.worker.WorkerPool;
import io.nightshift.plugin.Objective;
import io.nightshift.store.Artifact;
import io.nightshift.store.EndCause;
import io.nightshift.store.Question;
import io.nightshift.store.Store;
import io.nightshift.store.Trial;
import io.nightshift.store.TrialStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one queued trial on a worker and writes everything it reports to the store as it arrives:
 * the start, each metric, heartbeats, and the outcome. Running the same trial twice is harmless:
 * only the first caller wins {@code markRunning}. Every way a trial can end is recorded with its cause.
 */
public final class TrialRunner implements RunningTrials {

    private static final Logger log = LoggerFactory.getLogger(TrialRunner.class);
    /** Heartbeats are written at most this often; the stale-trial check allows many times more. */
    private static final Duration HEARTBEAT_WRITE_INTERVAL = Duration.ofSeconds(2);

    private final Store store;
    private final PluginRegistry plugins;
    private final WorkerPool workers;
    private final LoopSettings settings;
    private final Clock clock;
    private final String controllerName;
    private final TrialFiles files;
    private final Set<Long> inFlight = ConcurrentHashMap.newKeySet();
    /** Why a running trial was stopped early (a budget, a pruning rule): it is then not recorded as completed. */
    private final Map<Long, Stop> cancelled = new ConcurrentHashMap<>();
    /** Per question, the learning curves its pruning rule compares against. */
    private final Map<Long, PeerCurves> peerCurves = new ConcurrentHashMap<>();

    /** An early stop and its reason; {@code pruned} for a pruning rule's verdict. */
    private record Stop(String reason, boolean pruned) {}
    private volatile boolean draining;

    public TrialRunner(Store store, PluginRegistry plugins, WorkerPool workers, LoopSettings settings, Clock clock,
                       String controllerName, TrialFiles files) {
        this.store = store;
        this.plugins = plugins;
        this.workers = workers;
        this.settings = settings;
        this.clock = clock;
        this.controllerName = controllerName;
        this.files = files;
    }

    /**
     * Runs the trial if it is still queued. Waits for a free, started worker first and only then marks the trial
     * running and starts its budget: a trial that waited, or whose worker was starting, loses none of it.
     */
    public void run(long trialId) throws InterruptedException {
        Optional<Trial> found = store.trials().find(trialId);
        if (found.isEmpty() || found.get().status() != TrialStatus.QUEUED) {
            return;
        }
        Trial trial = found.get();
        Question question = store.questions().find(trial.questionId()).orElseThrow();
        Objective objective = plugins.get(question.pluginId()).descriptor().objective();
        WorkerPool.Lease lease;
        try {
            lease = workers.acquire();
        } catch (WorkerPool.Unavailable e) {
            if (!e.closing() && store.trials().markRunning(trialId, controllerName, clock.instant())) {
                store.trials().fail(trialId, EndCause.WORKER_LOST, e.getMessage(), clock.instant());
                log.warn("trial {} could not run: {}", trialId, e.getMessage());
            }
            return; // when closing, the trial stays queued and runs on the next start
        }
        if (draining) {
            return; // stopping: it stays queued for the next start
        }
        // In flight before it is marked running, so that no tick of this process ever sees it RUNNING and not here.
        inFlight.add(trialId);
        try (lease) {
            Instant start = clock.instant();
            // The wait for a worker may have outlasted the question's time budget; the loop's next tick would cancel
            // the trial, but it must not start in between: nothing starts after a deadline.
            Optional<String> spent = question.budget().spentAt(start);
            if (spent.isPresent()) {
                store.trials().cancelQueued(trialId, "stopped: " + spent.get(), start);
                return;
            }
            if (store.trials().markRunning(trialId, controllerName, start)) {
                runOn(lease, trial, question, objective, start);
            }
        } finally {
            inFlight.remove(trialId);
        }
    }

    /** Whether this controller is running the trial right now (its heartbeat may look old to a slow reader). */
    @Override
    public boolean isRunningHere(long trialId) {
        return inFlight.contains(trialId);
    }

    @Override
    public boolean leftByPredecessor(Trial trial) {
        String tag = io.nightshift.agent.app.HomeTag.inName(controllerName);
        return tag != null && trial.status() == TrialStatus.RUNNING && trial.worker() != null
                && !trial.worker().equals(controllerName) && tag.equals(io.nightshift.agent.app.HomeTag.inName(trial.worker()))
                && !isRunningHere(trial.id());
    }

    @Override
    public boolean cancel(long trialId, String reason) {
        if (!inFlight.contains(trialId)) {
            return false;
        }
        if (cancelled.putIfAbsent(trialId, new Stop(reason, false)) == null) {
            workers.cancel(trialId);
            log.info("trial {} cancelled: {}", trialId, reason);
        }
        return true;
    }

    private void prune(long trialId, String reason) {
        if (cancelled.putIfAbsent(trialId, new Stop(reason, true)) == null) {
            workers.cancel(trialId);
            log.info("trial {} {}", trialId, reason);
        }
    }

    /** Starts no more trials (queued ones stay queued); those running finish. */
    public void drain() {
        draining = true;
    }

    /** How many trials this process is running. */
    public int running() {
        return inFlight.size();
    }

    private void runOn(WorkerPool.Lease lease, Trial trial, Question question, Objective objective, Instant start) {
        long trialId = trial.id();
        Duration budget = Duration.ofSeconds(question.trialBudgetSeconds());
        // Room to evaluate on the test set after training stops at the deadline.
        Instant hardLimit = settings.hardLimit(start, budget);
        var request = new WorkerMessage.Run(trialId, question.pluginId(), trial.params(), trial.seed(),
                budget.toMillis(), settings.dataDir().toString(), trial.attempt(), trial.proposalId(),
                files.artifactsOf(trialId).toString(), files.checkpointsOf(trial.proposalId()).toString(),
                plugins.settings(question.pluginId()));
        log.info("trial {} (question {}, attempt {}) starts: {}", trialId, question.id(), trial.attempt(), trial.params());

        // Runs the design itself asks for (fixed arms and sweep points, re-runs of the best under other seeds) are
        // its evidence: a pruning rule would cut the very replicates the answer rests on. Searches are pruned.
        boolean prunable = store.proposals().find(trial.proposalId())
                .map(p -> !StudyPlanner.NAME.equals(p.planner())).orElse(true);
        StoreEvents events = new StoreEvents(trialId, question, objective, prunable);
        TrialOutcome outcome;
        try {
            outcome = lease.run(request, events, hardLimit, settings.cancelGrace());
        } finally {
            registerArtifacts(trialId);
        }
        Instant end = clock.instant();
        Stop early = cancelled.remove(trialId);
        if (early != null && !workers.isClosing()) {
            // It did not run to its end, so what it returned is not a result; a pruned trial keeps its curve.
            if (early.pruned()) {
                store.trials().prune(trialId, early.reason(),
                        outcome instanceof TrialOutcome.Completed done ? done.metrics() : Map.of(), end);
            } else {
                store.trials().cancel(trialId, early.reason(), end);
            }
            return;
        }
        if (outcome instanceof TrialOutcome.Completed done) {
            Double value = done.metrics().get(objective.metric());
            if (value == null) {
                store.trials().fail(trialId, EndCause.PLUGIN_ERROR, "the plugin's result has no '" + objective.metric()
                        + "' (its objective); it reported " + done.metrics().keySet(), end);
            } else if (value.isNaN()) {
                store.trials().fail(trialId, EndCause.PLUGIN_ERROR, "the plugin reported " + objective.metric()
                        + " = NaN (training diverged, or nothing was measured)", end);
            } else {
                store.trials().complete(trialId, value, done.metrics(), end);
                log.info("trial {} completed: {} = {}", trialId, objective.metric(), value);
            }
        } else if (outcome instanceof TrialOutcome.Failed failed) {
            store.trials().fail(trialId, EndCause.PLUGIN_ERROR, failed.reason(), end);
            log.warn("trial {} failed: {}\n{}", trialId, failed.reason(), failed.detail());
        } else if (outcome instanceof TrialOutcome.OutOfMemory oom) {
            store.trials().fail(trialId, EndCause.OUT_OF_MEMORY, oom.reason(), end);
            log.warn("trial {}: {}", trialId, oom.reason());
        } else if (outcome instanceof TrialOutcome.WorkerLost lost) {
            if (workers.isClosing()) {
                store.trials().interrupt(trialId, EndCause.CONTROLLER_STOPPED,
                        "nightshift stopped while it ran; it runs again on the next start", end);
            } else {
                store.trials().fail(trialId, EndCause.WORKER_LOST, lost.reason(), end);
                log.warn("trial {} lost its worker: {}", trialId, lost.reason());
            }
        }
    }

    /** What the trial left in its artifact directory, registered with it (a failed trial's too). */
    private void registerArtifacts(long trialId) {
        try {
            TrialFiles.Registration registration = files.register(trialId);
            store.artifacts().add(trialId, registration.artifacts());
            if (registration.overCap() != null) {
                store.artifacts().log(trialId, registration.overCap());
                log.warn("trial {}: {}", trialId, registration.overCap());
            }
        } catch (RuntimeException e) {
            log.warn("trial {}: its artifacts could not be registered: {}", trialId, e.getMessage());
        }
    }

    /** Streams a worker's reports into the store. */
    private final class StoreEvents implements TrialEvents {
        private final long trialId;
        private final Question question;
        private final Objective objective;
        private final Optional<Pruner> pruner;
        private final TreeMap<Integer, Double> curve = new TreeMap<>();
        private Instant lastBeat = Instant.EPOCH;

        StoreEvents(long trialId, Question question, Objective objective, boolean prunable) {
            this.trialId = trialId;
            this.question = question;
            this.objective = objective;
            Optional<Pruner> named;
            try {
                named = prunable ? Pruner.named(question.pruner()) : Optional.empty();
            } catch (IllegalArgumentException e) {
                log.warn("question {}: {}; its trials are not pruned", question.id(), e.getMessage());
                named = Optional.empty();
            }
            this.pruner = named;
        }

        @Override
        public void metric(WorkerMessage.Metric m) {
            store.metrics().add(trialId, m.name(), m.epoch(), m.step(), m.value(), clock.instant());
            if (pruner.isPresent() && m.name().equals(objective.metric()) && m.epoch() > 0) {
                curve.put(m.epoch(), m.value());
                judge(pruner.get());
            }
        }

        /** Compares this trial's curve with its peers' at the epoch it just reported. */
        private void judge(Pruner rule) {
            PeerCurves.Peers peers = peerCurves.computeIfAbsent(question.id(),
                    id -> new PeerCurves(store, id, objective.metric())).peersOf(trialId);
            rule.judge(curve, peers.completed(), peers.all(), objective).ifPresent(reason -> prune(trialId, reason));
        }

        @Override
        public void log(String message) {
            store.artifacts().log(trialId, message);
            log.debug("trial {}: {}", trialId, message);
        }

        @Override
        public void note(String name, String text) {
            store.artifacts().add(trialId, List.of(new Artifact.New(name, "note", text.length(), null, null, text)));
        }

        @Override
        public void alive() {
            Instant now = clock.instant();
            if (Duration.between(lastBeat, now).compareTo(HEARTBEAT_WRITE_INTERVAL) >= 0) {
                store.trials().heartbeat(trialId, now);
                lastBeat = now;
            }
        }
    }
}
