package io.nightshift.agent.cli;

import io.nightshift.agent.app.Controller;
import io.nightshift.agent.app.Stores;
import io.nightshift.agent.config.NightshiftConfig;
import io.nightshift.agent.plugins.PluginRegistry;
import io.nightshift.agent.study.DesignCodec;
import io.nightshift.plugin.StudyDesign;
import io.nightshift.store.Question;
import io.nightshift.store.QuestionOrigin;
import io.nightshift.store.QuestionRepository;
import io.nightshift.store.QuestionStatus;
import io.nightshift.store.Store;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * A real controller (store, Quartz, worker processes) in a throw-away home, for benchmarks that measure the
 * machinery itself: questions are created and run to their end or to a wall-clock budget.
 */
final class BenchRig implements AutoCloseable {

    private final Store store;
    private final Controller controller;
    private final PluginRegistry plugins;

    BenchRig(NightshiftConfig config, int workers) throws Exception {
        Path home = Files.createTempDirectory("nightshift-bench-");
        NightshiftConfig isolated = new NightshiftConfig(home, config.dataDir(), config.pluginsDir(),
                new NightshiftConfig.Database(Store.h2FileUrl(home.resolve("bench")), "", ""), config.workers(),
                config.loop(), config.llm(), config.artifacts(), config.plugins());
        this.plugins = PluginRegistry.load(isolated);
        this.store = Stores.open(isolated);
        this.controller = Controller.start(isolated, store, plugins, workers, null, Clock.systemUTC());
    }

    Store store() {
        return store;
    }

    Controller controller() {
        return controller;
    }

    /** Runs a question until it is done or {@code budget} has passed (then it is stopped by its own budget). */
    Question run(String plugin, String text, StudyDesign design, String planner, int maxTrials, String pruner,
                 Duration budget) throws Exception {
        Question q = store.questions().create(new QuestionRepository.NewQuestion(plugin, text, planner, maxTrials,
                60, 7L, QuestionStatus.ACTIVE, DesignCodec.write(design), QuestionOrigin.PERSON, null));
        store.questions().setPruner(q.id(), pruner);
        store.questions().markStarted(q.id(), Instant.now());
        if (budget != null) {
            store.questions().setBudget(q.id(), null, budget);
        }
        controller.work(store.questions().find(q.id()).orElseThrow());
        while (store.questions().find(q.id()).orElseThrow().status() == QuestionStatus.ACTIVE) {
            Thread.sleep(200);
        }
        return store.questions().find(q.id()).orElseThrow();
    }

    @Override
    public void close() {
        controller.close();
        store.close();
    }
}
