package io.nightshift.agent.app;

import io.nightshift.agent.artifact.TrialFiles;
import io.nightshift.agent.config.NightshiftConfig;
import io.nightshift.agent.loop.LoopSettings;
import io.nightshift.agent.loop.ResearchLoop;
import io.nightshift.agent.loop.TrialRunner;
import io.nightshift.agent.planner.PlannerFactory;
import io.nightshift.agent.planner.llm.LlmServices;
import io.nightshift.agent.plugins.PluginRegistry;
import io.nightshift.agent.review.AutoApprovePolicy;
import io.nightshift.agent.schedule.QuartzScheduling;
import io.nightshift.agent.worker.OrphanWorkers;
import io.nightshift.agent.worker.WorkerLauncher;
import io.nightshift.agent.worker.WorkerPool;
import io.nightshift.store.Question;
import io.nightshift.store.Store;
import io.nightshift.store.Vendor;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import org.quartz.SchedulerException;

/**
 * The composition root of a controller: the worker pool, the Quartz scheduler on the store, the research loop and
 * the trial runner, wired once from the configuration. {@code run} (and later a headless node and the web server)
 * build one and hand it questions; commands only parse arguments and print.
 */
public final class Controller implements AutoCloseable {

    /** Experiments kept queued beyond the worker slots, so that a freed worker never waits for the planner. */
    public static final int PLANNED_AHEAD = 1;

    private final WorkerPool pool;
    private final QuartzScheduling scheduling;
    private final ResearchLoop loop;
    private final TrialRunner runner;
    private final Duration tick;
    private final Store store;
    private final String name;
    private final java.util.concurrent.ScheduledExecutorService beats;

    private Controller(WorkerPool pool, QuartzScheduling scheduling, ResearchLoop loop, TrialRunner runner,
                       Duration tick, Store store, String name, int slots) {
        this.pool = pool;
        this.scheduling = scheduling;
        this.loop = loop;
        this.runner = runner;
        this.tick = tick;
        this.store = store;
        this.name = name;
        // Tells the other controllers on this database how many trials this one can run (see ResearchLoop).
        this.beats = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "controller-beat");
            t.setDaemon(true);
            return t;
        });
        beats.scheduleAtFixedRate(() -> {
            try {
                store.nodes().beat(name, slots, java.time.Instant.now());
            } catch (RuntimeException e) {
                org.slf4j.LoggerFactory.getLogger(Controller.class).debug("controller beat failed: {}", e.getMessage());
            }
        }, 0, BEAT_SECONDS, java.util.concurrent.TimeUnit.SECONDS);
    }

    /** How often a controller says it is alive, with its slots. */
    static final long BEAT_SECONDS = 3;

    /**
     * Wires and starts a controller; nothing runs until {@link #work} names a question.
     *
     * @param slots worker processes
     * @param llm   the language model for the llm and hybrid planners; null when none is configured
     */
    public static Controller start(NightshiftConfig config, Store store, PluginRegistry plugins, int slots,
                                   LlmServices llm, Clock clock) throws SchedulerException {
        return start(config, store, plugins, slots, llm, clock, false);
    }

    /** @param cancelAtBudget cancel running trials when a question's time budget is spent, instead of finishing them */
    public static Controller start(NightshiftConfig config, Store store, PluginRegistry plugins, int slots,
                                   LlmServices llm, Clock clock, boolean cancelAtBudget) throws SchedulerException {
        // On H2 the controller lock makes this process the only controller (see ControllerLock).
        LoopSettings settings = new LoopSettings(slots, config.loop().maxAttempts(),
                Duration.ofSeconds(config.loop().staleAfterSeconds()), config.dataDir(), PLANNED_AHEAD,
                store.vendor() == Vendor.H2, cancelAtBudget,
                Duration.ofSeconds(config.loop().overrunSeconds()), Duration.ofSeconds(config.loop().cancelGraceSeconds()));
        var w = config.workers();
        OrphanWorkers.stop(config.logDir());
        WorkerPool pool = new WorkerPool(new WorkerLauncher(WorkerLauncher.Settings.ofCurrentJvm(config.pluginsDir(),
                config.logDir(), w.device(), w.heapMb(), w.threads(), w.heartbeatSeconds(),
                Duration.ofSeconds(w.heartbeatTimeoutSeconds()), w.jvmArgs()).withEnvironment(w.env())
                .withMemoryLimit(w.memoryLimitMb(slots, machineMemoryMb()))), slots,
                w.recycleAfterTrials());
        // A thread per running trial, per trial planned ahead (its job waits for a worker) and for the ticks.
        QuartzScheduling scheduling = QuartzScheduling.create(store, slots + PLANNED_AHEAD + 1);
        String name = name(HomeTag.of(config.home()));
        TrialRunner runner = new TrialRunner(store, plugins, pool, settings, clock, name,
                TrialFiles.under(config.home(), config.artifacts().maxMbPerTrial()));
        ResearchLoop loop = new ResearchLoop(store, plugins, PlannerFactory.withLlm(llm), new AutoApprovePolicy(),
                scheduling, settings, clock, runner);
        Controller controller = new Controller(pool, scheduling, loop, runner,
                Duration.ofSeconds(config.loop().tickSeconds()), store, name, slots);
        store.nodes().beat(name, slots, clock.instant());
        scheduling.start(loop, runner);
        return controller;
    }

    public ResearchLoop loop() {
        return loop;
    }

    /** Makes the loop work on an active question (its tick is a persistent job: it survives restarts). */
    public void work(Question question) throws SchedulerException {
        scheduling.ensureTicking(question.id(), tick);
    }

    /** Plans and starts nothing more; running trials finish. Queued ones stay queued for the next start. */
    public void drain() {
        loop.drain();
        runner.drain();
    }

    /** How many trials this controller is running. */
    public int running() {
        return runner.running();
    }

    /** Stops the workers (a running trial is recorded as interrupted), then the scheduler. */
    @Override
    public void close() {
        beats.shutdownNow();
        try {
            store.nodes().leave(name);
        } catch (RuntimeException e) {
            // The store may be closing under a Ctrl-C; the row goes stale and is ignored.
        }
        pool.close();
        try {
            scheduling.close();
        } catch (SchedulerException e) {
            // Stopping anyway; the store has what was written.
        }
    }

    /** This machine's physical memory in MB. */
    private static long machineMemoryMb() {
        var os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getTotalMemorySize() >> 20 : 0;
    }

    /** {@code host:pid@tag}: the tag names the home (see {@link HomeTag}). */
    private static String name(String homeTag) {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            host = "localhost";
        }
        return host + ":" + ProcessHandle.current().pid() + "@" + homeTag;
    }
}
