package io.nightshift.agent.cli;

import io.nightshift.agent.app.ControllerLock;
import io.nightshift.agent.app.Stores;
import io.nightshift.agent.config.NightshiftConfig;
import io.nightshift.agent.study.DesignArguments;
import io.nightshift.agent.study.DesignCodec;
import io.nightshift.agent.study.DesignSummary;
import io.nightshift.agent.study.StudyPlanner;
import io.nightshift.agent.study.StudyRequest;
import io.nightshift.agent.loop.LoopSettings;
import io.nightshift.agent.loop.ResearchLoop;
import io.nightshift.agent.loop.TrialRunner;
import io.nightshift.agent.planner.PlannerFactory;
import io.nightshift.agent.planner.llm.LlmServices;
import io.nightshift.agent.plugins.PluginRegistry;
import io.nightshift.agent.review.AutoApprovePolicy;
import io.nightshift.agent.review.ReviewPolicies;
import io.nightshift.agent.schedule.QuartzScheduling;
import io.nightshift.agent.terminal.TerminalText;
import io.nightshift.agent.worker.WorkerLauncher;
import io.nightshift.agent.worker.WorkerPool;
import io.nightshift.plugin.Plugin;
import io.nightshift.plugin.PluginDescriptor;
import io.nightshift.store.Question;
import io.nightshift.store.QuestionRepository;
import io.nightshift.store.QuestionStatus;
import io.nightshift.store.Store;
import io.nightshift.store.TrialStatus;
import io.nightshift.store.Vendor;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Works on one research question until its budget is spent. Running it again with the same
 * plugin and question continues that question: finished trials are kept, an interrupted one runs
 * again.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run the research loop on a question until its trial budget is spent (Ctrl-C stops; run again to continue).")
final class RunCommand implements Callable<Integer> {

    /** Experiments kept queued beyond the worker slots, so that a freed worker never waits for the planner. */
    private static final int PLANNED_AHEAD = 1;

    @ParentCommand
    NightshiftCommand root;

    @Spec
    CommandSpec spec;

    @Option(names = "--plugin", defaultValue = "mnist-mlp", description = "Experiment family (see 'nightshift plugins'). Default: ${DEFAULT-VALUE}.")
    String pluginId;

    @Option(names = "--question", paramLabel = "TEXT|N",
            description = "The research question, or the number of one of the plugin's suggested questions. Default: its first suggestion.")
    String question;

    @Option(names = "--max-trials", paramLabel = "N", description = "Experiments to run for this question (default: loop.max-trials in the config).")
    Integer maxTrials;

    @Option(names = "--trial-budget", paramLabel = "SECONDS", description = "Wall-clock budget of one trial (default: loop.trial-budget-seconds).")
    Integer trialBudget;

    @Option(names = "--planner", description = "Planner for a new question: ${COMPLETION-CANDIDATES} (default: loop.planner).",
            completionCandidates = PlannerNames.class)
    String planner;

    @Option(names = "--workers", paramLabel = "N", description = "Worker processes (default: workers.count).")
    Integer workers;

    @Option(names = "--design", paramLabel = "FILE",
            description = "A study design in YAML (kind: optimise | compare | sweep; see docs/ARCHITECTURE.md, Studies).")
    Path designFile;

    @Option(names = "--sweep", paramLabel = "NAME=V1,V2,...",
            description = "Sweep one parameter over these values (e.g. bottleneck_width=2,4,8,16,32,64).")
    String sweep;

    @Option(names = "--arm", paramLabel = "'NAME: P=V; P=V'",
            description = "One arm of a comparison (give two or more); parameters separated by ';'.")
    List<String> arms = new java.util.ArrayList<>();

    @Option(names = "--fix", paramLabel = "NAME=VALUE", description = "Pin a parameter for every experiment of the study.")
    List<String> fixed = new java.util.ArrayList<>();

    @Option(names = "--seeds", paramLabel = "N", description = "Runs of each reported configuration, each under its own seed (default 3).")
    Integer seeds;

    @Option(names = "--tune-trials", paramLabel = "N",
            description = "Trials per arm or sweep point tuning what is not pinned, before its best runs under --seeds seeds (default 0: fixed).")
    Integer tuneTrials;

    @Option(names = "--max-llm-cost", paramLabel = "AMOUNT",
            description = "Estimated language-model spend for this question after which no more model calls are made"
                    + " and TPE plans the rest; 0 for no cap (default: llm.max-cost).")
    Double maxLlmCost;

    @Option(names = "--review", paramLabel = "POLICY",
            description = "Review policy of a new question: auto (default), manual (every proposal waits for"
                    + " 'nightshift review'), or auto-with-limits:max-params=N,max-minutes=M,max-memory-mb=K (any of them).")
    String review;

    static final class PlannerNames implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return PlannerFactory.NAMES.iterator();
        }
    }

    @Override
    public Integer call() throws Exception {
        NightshiftConfig config = root.config();
        PrintWriter out = spec.commandLine().getOut();
        checkPositive("--max-trials", maxTrials);
        checkPositive("--trial-budget", trialBudget);
        checkPositive("--workers", workers);
        if (maxLlmCost != null && (maxLlmCost < 0 || maxLlmCost.isNaN())) {
            throw new UsageException("--max-llm-cost must not be negative, got " + maxLlmCost);
        }
        String plannerName = planner != null ? planner : config.loop().planner();
        if (!PlannerFactory.NAMES.contains(plannerName)) {
            throw new UsageException("unknown planner '" + plannerName + "'; available: " + PlannerFactory.NAMES);
        }
        if (PlannerFactory.LLM_NAMES.contains(plannerName)) {
            try {
                // Checked before anything is created: a missing model name or API key is a usage error.
                io.nightshift.agent.planner.llm.ChatModelFactory.create(config.llm(), System.getenv());
            } catch (IllegalArgumentException e) {
                throw new UsageException("planner " + plannerName + ": " + e.getMessage());
            }
        }
        PluginRegistry plugins = PluginRegistry.load(config.pluginsDir());
        Plugin plugin = plugins.get(pluginId);
        StudyRequest request;
        try {
            request = StudyRequest.resolve(plugin, question, designFile,
                    DesignArguments.fromOptions(sweep, arms, fixed, seeds, tuneTrials));
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        int budget = StudyPlanner.budget(request.design(), maxTrials != null ? maxTrials : config.loop().maxTrials());
        if (maxTrials != null && budget != maxTrials) {
            out.printf("The %s design runs %d experiments; --max-trials %d does not apply to it.%n",
                    request.design().kind(), budget, maxTrials);
        }
        int slots = workers != null ? workers : config.workers().count();
        String reviewPolicy;
        try {
            reviewPolicy = review == null ? null : ReviewPolicies.parse(review).text();
        } catch (IllegalArgumentException e) {
            throw new UsageException("--review: " + e.getMessage());
        }

        out.println("Preparing data for " + pluginId + " in " + config.dataDir() + " ...");
        out.flush();
        plugin.prepare(config.dataDir());

        try (ControllerLock lock = lockDatabase(config); Store store = Stores.open(config)) {
            QuestionRepository.Started started = store.questions().createOrContinue(new QuestionRepository.NewQuestion(
                    pluginId, request.text(), plannerName, budget,
                    trialBudget != null ? trialBudget : config.loop().trialBudgetSeconds(), config.loop().seed(),
                    QuestionStatus.ACTIVE, DesignCodec.write(request.design()), request.origin(), reviewPolicy));
            Question q = started.question();
            if (started.created()) {
                out.printf("Question #%d (%s, planner %s, %d trials of %d s): %s%n", q.id(), pluginId, q.planner(),
                        q.maxTrials(), q.trialBudgetSeconds(), TerminalText.safe(q.text()));
                out.println("  Design: " + TerminalText.safe(DesignSummary.of(request.design(), plugin.descriptor())));
                if (q.reviewPolicy() != null) {
                    out.println("  Review: " + TerminalText.safe(q.reviewPolicy()) + " (decide with 'nightshift review')");
                }
            } else {
                out.printf("Continuing question #%d (%s, planner %s, %d trials of %d s): %s%n", q.id(), pluginId,
                        q.planner(), q.maxTrials(), q.trialBudgetSeconds(), TerminalText.safe(q.text()));
                if ((maxTrials != null && maxTrials != q.maxTrials()) || (trialBudget != null && trialBudget != q.trialBudgetSeconds())) {
                    out.println("  (its budget was set when it was created; the --max-trials/--trial-budget given now are ignored)");
                }
                if (reviewPolicy != null && !reviewPolicy.equals(q.reviewPolicy())) {
                    out.println("  (its review policy, " + TerminalText.safe(q.reviewPolicy() == null ? "auto" : q.reviewPolicy())
                            + ", was set when it was created; --review is ignored)");
                }
            }
            out.println("Database: " + store.displayUrl() + "   logs: " + config.logDir());
            LlmServices llm = null;
            if (PlannerFactory.LLM_NAMES.contains(q.planner())) {
                NightshiftConfig.Llm llmConfig = maxLlmCost != null ? config.llm().withMaxCost(maxLlmCost) : config.llm();
                try {
                    llm = LlmServices.create(llmConfig, store, System.getenv());
                } catch (IllegalArgumentException e) {
                    throw new UsageException("planner " + q.planner() + ": " + e.getMessage());
                }
                out.printf("Language model: %s %s%s, cost cap %s%n", llmConfig.provider(), llmConfig.model(),
                        llmConfig.baseUrl().isBlank() ? "" : " at " + llmConfig.baseUrl(),
                        llmConfig.maxCost() > 0 ? String.format(java.util.Locale.ROOT, "%.4f", llmConfig.maxCost()) : "none");
            }
            out.flush();
            return runLoop(config, store, plugins, q, slots, out, llm);
        }
    }

    private int runLoop(NightshiftConfig config, Store store, PluginRegistry plugins, Question question, int slots,
                        PrintWriter out, LlmServices llm) throws Exception {
        Clock clock = Clock.systemUTC();
        // On H2 the controller lock makes this process the only controller (see lockDatabase).
        LoopSettings settings = new LoopSettings(slots, config.loop().maxAttempts(),
                Duration.ofSeconds(config.loop().staleAfterSeconds()), config.dataDir(), PLANNED_AHEAD,
                store.vendor() == Vendor.H2);
        var w = config.workers();
        WorkerLauncher launcher = new WorkerLauncher(WorkerLauncher.Settings.ofCurrentJvm(config.pluginsDir(),
                config.logDir(), w.device(), w.heapMb(), w.threads(), w.heartbeatSeconds(),
                Duration.ofSeconds(w.heartbeatTimeoutSeconds()), w.jvmArgs()));
        WorkerPool pool = new WorkerPool(launcher, slots);
        // A thread per running trial, per trial planned ahead (its job waits for a worker) and for the ticks.
        QuartzScheduling scheduling = QuartzScheduling.create(store, slots + PLANNED_AHEAD + 1);
        TrialRunner runner = new TrialRunner(store, plugins, pool, settings, clock, controllerName());
        ResearchLoop loop = new ResearchLoop(store, plugins, PlannerFactory.withLlm(llm), new AutoApprovePolicy(),
                scheduling, settings, clock, runner::isRunningHere);

        AtomicBoolean stopped = new AtomicBoolean();
        CountDownLatch stopDone = new CountDownLatch(1);
        Runnable stop = () -> {
            if (!stopped.compareAndSet(false, true)) {
                return;
            }
            pool.close();
            try {
                scheduling.close();
            } catch (Exception e) {
                // Stopping anyway; the store has what was written.
            }
            store.close();
            out.printf("%nStopped. Finished trials are kept; run the same command again to continue question #%d.%n", question.id());
            out.flush();
            stopDone.countDown();
        };
        // A signal handler, not a shutdown hook: hooks run concurrently, and H2's own hook would
        // close the database while this one still records the interrupted trial.
        StopSignals.onStop(stop);

        scheduling.start(loop, runner);
        scheduling.ensureTicking(question.id(), Duration.ofSeconds(config.loop().tickSeconds()));
        try (ProgressView progress = new ProgressView(store, loop, plugins, question, System.err)) {
            while (!stopped.get()) {
                Question now = store.questions().find(question.id()).orElseThrow();
                progress.update(now);
                if (now.status() == QuestionStatus.DONE) {
                    break;
                }
                Thread.sleep(500);
            }
        } catch (RuntimeException e) {
            if (!stopped.get()) {
                throw e;
            }
            // The stop closed the store under the progress display: expected.
        }
        if (stopped.get()) {
            stopDone.await();
            return 130;
        }
        StopSignals.reset();
        pool.close();
        scheduling.close();
        new ResultsTable(plugins.get(question.pluginId()).descriptor()).print(out, store, question);
        StatusCommand.printSpend(out, store.llmCalls().spend(question.id()));
        int completed = store.trials().countByStatus(question.id()).get(TrialStatus.COMPLETED);
        if (completed == 0) {
            // A night in which nothing trained is a failure, whatever the reasons; scripts must see it.
            spec.commandLine().getErr().printf("nightshift: no trial of question #%d completed; the table above"
                    + " gives each one's error, and %s has the workers' logs%n", question.id(), config.logDir());
            return ErrorHandler.FAILED;
        }
        return 0;
    }

    /** One controller per H2 file; null (nothing to hold) on PostgreSQL, whose schedulers run clustered. */
    private static ControllerLock lockDatabase(NightshiftConfig config) {
        return ControllerLock.forDatabase(config.database().url(), config.home(),
                config.database().url().replaceAll("(?i)(password=)[^&;]*", "$1***")).orElse(null);
    }

    private static void checkPositive(String option, Integer value) {
        if (value != null && value <= 0) {
            throw new UsageException(option + " must be positive, got " + value);
        }
    }

    private static String controllerName() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            host = "localhost";
        }
        return host + ":" + ProcessHandle.current().pid();
    }
}
