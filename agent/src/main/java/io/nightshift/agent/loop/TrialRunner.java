package io.nightshift.agent.loop;

import io.nightshift.agent.plugins.PluginRegistry;
import io.nightshift.agent.worker.TrialEvents;
import io.nightshift.agent.worker.TrialOutcome;
import io.nightshift.agent.worker.WorkerMessage;
import io.nightshift.agent.worker.WorkerPool;
import io.nightshift.plugin.Objective;
import io.nightshift.store.Question;
import io.nightshift.store.Store;
import io.nightshift.store.Trial;
import io.nightshift.store.TrialStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one queued trial on a worker and writes everything it reports to the store as it arrives:
 * the start, each metric, heartbeats, and the outcome. Running the same trial twice is harmless:
 * only the first caller wins {@code markRunning}.
 */
public final class TrialRunner {

    private static final Logger log = LoggerFactory.getLogger(TrialRunner.class);
    /** Heartbeats are written at most this often; the stale-trial check allows many times more. */
    private static final Duration HEARTBEAT_WRITE_INTERVAL = Duration.ofSeconds(2);

    private final Store store;
    private final PluginRegistry plugins;
    private final WorkerPool workers;
    private final LoopSettings settings;
    private final Clock clock;
    private final String controllerName;

    public TrialRunner(Store store, PluginRegistry plugins, WorkerPool workers, LoopSettings settings, Clock clock,
                       String controllerName) {
        this.store = store;
        this.plugins = plugins;
        this.workers = workers;
        this.settings = settings;
        this.clock = clock;
        this.controllerName = controllerName;
    }

    public void run(long trialId) throws InterruptedException {
        Optional<Trial> found = store.trials().find(trialId);
        if (found.isEmpty() || found.get().status() != TrialStatus.QUEUED) {
            return;
        }
        Trial trial = found.get();
        Question question = store.questions().find(trial.questionId()).orElseThrow();
        Objective objective = plugins.get(question.pluginId()).descriptor().objective();
        Instant start = clock.instant();
        if (!store.trials().markRunning(trialId, controllerName, start)) {
            return;
        }
        Instant deadline = start.plusSeconds(question.trialBudgetSeconds());
        // Room to evaluate on the test set after training stops at the deadline.
        Instant hardLimit = deadline.plus(Duration.ofSeconds(Math.max(30, question.trialBudgetSeconds() / 2)));
        var request = new WorkerMessage.Run(trialId, question.pluginId(), trial.params(), trial.seed(),
                deadline.toEpochMilli(), settings.dataDir().toString());
        log.info("trial {} (question {}, attempt {}) starts: {}", trialId, question.id(), trial.attempt(), trial.params());

        TrialOutcome outcome = workers.run(request, new StoreEvents(trialId), hardLimit);
        Instant end = clock.instant();
        if (outcome instanceof TrialOutcome.Completed done) {
            Double value = done.metrics().get(objective.metric());
            if (value == null) {
                store.trials().fail(trialId, "the plugin's result has no '" + objective.metric()
                        + "' (its objective); it reported " + done.metrics().keySet(), end);
            } else {
                store.trials().complete(trialId, value, done.metrics(), end);
                log.info("trial {} completed: {} = {}", trialId, objective.metric(), value);
            }
        } else if (outcome instanceof TrialOutcome.Failed failed) {
            store.trials().fail(trialId, failed.reason(), end);
            log.warn("trial {} failed: {}\n{}", trialId, failed.reason(), failed.detail());
        } else if (outcome instanceof TrialOutcome.WorkerLost lost) {
            if (workers.isClosing()) {
                store.trials().interrupt(trialId, "nightshift stopped while it ran; it runs again on the next start", end);
            } else {
                store.trials().fail(trialId, lost.reason(), end);
                log.warn("trial {} lost its worker: {}", trialId, lost.reason());
            }
        }
    }

    /** Streams a worker's reports into the store. */
    private final class StoreEvents implements TrialEvents {
        private final long trialId;
        private Instant lastBeat = Instant.EPOCH;

        StoreEvents(long trialId) {
            this.trialId = trialId;
        }

        @Override
        public void metric(WorkerMessage.Metric m) {
            store.metrics().add(trialId, m.name(), m.epoch(), m.step(), m.value(), clock.instant());
        }

        @Override
        public void log(String message) {
            log.info("trial {}: {}", trialId, message);
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
