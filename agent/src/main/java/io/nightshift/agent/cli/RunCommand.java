package io.nightshift.agent.cli;

import io.nightshift.agent.app.Controller;
import io.nightshift.agent.app.ControllerLock;
import io.nightshift.agent.app.Stores;
import io.nightshift.agent.budget.Until;
import io.nightshift.agent.config.NightshiftConfig;
import io.nightshift.agent.planner.PlannerFactory;
import io.nightshift.agent.planner.llm.LlmServices;
import io.nightshift.agent.plugins.PluginRegistry;
import io.nightshift.agent.study.Checkpoint;
import io.nightshift.agent.study.DesignArguments;
import io.nightshift.agent.study.DesignCodec;
import io.nightshift.agent.study.DesignSummary;
import io.nightshift.agent.study.StudyPlanner;
import io.nightshift.agent.study.StudyRequest;
import io.nightshift.agent.review.ReviewPolicies;
import io.nightshift.agent.study.Studies;
import io.nightshift.agent.study.findings.FindingsProse;
import io.nightshift.agent.study.findings.StudyFindings;
import io.nightshift.store.Finding;
import io.nightshift.agent.terminal.TerminalText;
import io.nightshift.plugin.Plugin;
import io.nightshift.plugin.StudyDesign;
import io.nightshift.store.Question;
import io.nightshift.store.QuestionBudget;
import io.nightshift.store.StopRequestRepository;
import io.nightshift.store.QuestionRepository;
import io.nightshift.store.QuestionStatus;
import io.nightshift.store.Store;
import io.nightshift.store.TrialStatus;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Works on a research question until its study is done, then on the queued questions in order; when nothing is
 * queued, suggests next questions (the checkpoint) and, with {@code --wait}, waits for a person to choose one.
 * Running it again with the same plugin and question continues that question: finished trials are kept, an
 * interrupted one runs again.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run the research loop on a question until its study is done, then on the queued questions"
                + " (Ctrl-C stops; run again to continue).")
final class RunCommand implements Callable<Integer> {

    /** How often a waiting run looks for a question a person chose from another process. */
    private static final long WAIT_POLL_MILLIS = 2_000;

    /** The language model, when one is configured: it writes prose on top of the computed findings. */
    private LlmServices llmForFindings;

    /** From --until; null for none. */
    private Instant runDeadline;

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

    @Option(names = "--queued", description = "Start with the queued questions instead of a new one ('nightshift questions').")
    boolean queued;

    @Option(names = "--wait", description = "At the checkpoint (nothing queued), wait for a person to choose a next question"
            + " ('nightshift questions choose ID' from another terminal) instead of stopping.")
    boolean waitAtCheckpoint;

    @Option(names = "--max-questions", paramLabel = "N", description = "Stop after answering this many questions.")
    Integer maxQuestions;

    @Option(names = "--until", paramLabel = "HH:MM",
            description = "Stop at this local time (tomorrow if already past), or at a date-time; questions of this"
                    + " run share the night in order.")
    String until;

    @Option(names = "--max-hours", paramLabel = "H", description = "Wall-clock budget of each question of this run, in hours.")
    Double maxHours;

    @Option(names = "--on-budget", paramLabel = "finish|cancel", defaultValue = "finish",
            description = "When a time budget is spent: let running trials finish (default), or cancel them (recorded"
                    + " as cancelled, with what they reported).")
    String onBudget;

    @Option(names = "--prune", paramLabel = "none|median|asha",
            description = "Stop unpromising trials early by their learning curve: the median rule or asynchronous"
                    + " successive halving (default: none).")
    String prune;

    @Option(names = "--review", paramLabel = "POLICY",
            description = "Review policy of a new question: auto (default), manual (every proposal waits for"
                    + " 'nightshift review'), or auto-with-limits:max-params=N,max-minutes=M,max-memory-mb=K (any of them).")
    String review;

    /** {@link #review} in its canonical form, or null. */
    private String reviewPolicy;

    @Option(names = "--max-llm-cost", paramLabel = "AMOUNT",
            description = "Estimated language-model spend for this question after which no more model calls are made"
                    + " and TPE plans the rest; 0 for no cap (default: llm.max-cost).")
    Double maxLlmCost;

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
        checkPositive("--max-questions", maxQuestions);
        if (maxHours != null && !(maxHours > 0)) {
            throw new UsageException("--max-hours must be positive, got " + maxHours);
        }
        if (prune != null) {
            try {
                io.nightshift.agent.prune.Pruner.named(prune);
            } catch (IllegalArgumentException e) {
                throw new UsageException("--prune: " + e.getMessage());
            }
        }
        try {
            reviewPolicy = review == null ? null : ReviewPolicies.parse(review).text();
        } catch (IllegalArgumentException e) {
            throw new UsageException("--review: " + e.getMessage());
        }
        if (!onBudget.equals("finish") && !onBudget.equals("cancel")) {
            throw new UsageException("--on-budget must be finish or cancel, got '" + onBudget + "'");
        }
        try {
            runDeadline = until == null ? null : Until.parse(until, Clock.systemDefaultZone());
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
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
        PluginRegistry plugins = PluginRegistry.load(config);
        Plugin plugin = null;
        Optional<StudyDesign> designOptions = Optional.empty();
        if (!queued) {
            plugin = plugins.get(pluginId);
            try {
                designOptions = DesignArguments.fromOptions(sweep, arms, fixed, seeds, tuneTrials);
                StudyRequest.resolve(plugin, question, designFile, designOptions); // bad designs fail before any work
            } catch (IllegalArgumentException e) {
                throw new UsageException(e.getMessage());
            }
            out.println("Preparing data for " + pluginId + " in " + config.dataDir() + " ...");
            out.flush();
            plugin.prepare(config.dataDir());
        }
        int slots = workers != null ? workers : config.workers().count();

        try (ControllerLock lock = lockDatabase(config); Store store = Stores.open(config)) {
            Optional<Question> first = Optional.empty();
            if (plugin != null) {
                StudyRequest request;
                try {
                    request = StudyRequest.resolve(plugin, question, designFile, designOptions,
                            Drafting.drafter(config, store, plugin.descriptor(), out));
                } catch (IllegalArgumentException e) {
                    throw new UsageException(e.getMessage());
                }
                first = Optional.of(start(config, store, plugin, request, plannerName, out));
            }
            out.println("Database: " + store.displayUrl() + "   logs: " + config.logDir());
            LlmServices llm = null;
            if (PlannerFactory.LLM_NAMES.contains(plannerName)) {
                NightshiftConfig.Llm llmConfig = maxLlmCost != null ? config.llm().withMaxCost(maxLlmCost) : config.llm();
                try {
                    llm = LlmServices.create(llmConfig, store, System.getenv());
                } catch (IllegalArgumentException e) {
                    throw new UsageException("planner " + plannerName + ": " + e.getMessage());
                }
                out.printf("Language model: %s %s%s, cost cap %s%n", llmConfig.provider(), llmConfig.model(),
                        llmConfig.baseUrl().isBlank() ? "" : " at " + TerminalText.safe(llmConfig.baseUrl()),
                        llmConfig.maxCost() > 0 ? String.format(java.util.Locale.ROOT, "%.4f", llmConfig.maxCost()) : "none");
            }
            out.flush();
            llmForFindings = llm;
            return runQuestions(config, store, plugins, first, slots, plannerName, out, llm);
        }
    }

    /** Creates the question the person asked for, or continues it when it is already active. */
    private Question start(NightshiftConfig config, Store store, Plugin plugin, StudyRequest request, String plannerName,
                           PrintWriter out) {
        int budget = StudyPlanner.budget(request.design(), maxTrials != null ? maxTrials : config.loop().maxTrials());
        if (maxTrials != null && budget != maxTrials) {
            out.printf("The %s design runs %d experiments; --max-trials %d does not apply to it.%n",
                    request.design().kind(), budget, maxTrials);
        }
        QuestionRepository.Started started = store.questions().createOrContinue(new QuestionRepository.NewQuestion(
                pluginId, request.text(), plannerName, budget,
                trialBudget != null ? trialBudget : config.loop().trialBudgetSeconds(), config.loop().seed(),
                QuestionStatus.ACTIVE, DesignCodec.write(request.design()), request.origin(), reviewPolicy));
        Question q = started.question();
        if (prune != null) {
            store.questions().setPruner(q.id(), prune.trim().toLowerCase(java.util.Locale.ROOT));
            q = store.questions().find(q.id()).orElseThrow();
        }
        if (started.created()) {
            announce(out, "Question", q, plugin);
        } else {
            announce(out, "Continuing question", q, plugin);
            if ((maxTrials != null && maxTrials != q.maxTrials()) || (trialBudget != null && trialBudget != q.trialBudgetSeconds())) {
                out.println("  (its budget was set when it was created; the --max-trials/--trial-budget given now are ignored)");
            }
            if (reviewPolicy != null && !reviewPolicy.equals(q.reviewPolicy())) {
                out.println("  (its review policy, " + TerminalText.safe(q.reviewPolicy() == null ? "auto" : q.reviewPolicy())
                        + ", was set when it was created; --review is ignored)");
            }
        }
        return q;
    }

    private static void announce(PrintWriter out, String what, Question q, Plugin plugin) {
        out.printf("%s #%d (%s, planner %s, %d trials of %d s): %s%n", what, q.id(), q.pluginId(), q.planner(),
                q.maxTrials(), q.trialBudgetSeconds(), TerminalText.safe(q.text()));
        out.println("  Design: " + TerminalText.safe(DesignSummary.of(Studies.design(q), plugin.descriptor()))
                + (q.pruner() == null || q.pruner().equals("none") ? "" : "; pruning: " + q.pruner()));
        if (q.reviewPolicy() != null) {
            out.println("  Review: " + TerminalText.safe(q.reviewPolicy()) + " (decide with 'nightshift review')");
        }
        out.flush();
    }

    private int runQuestions(NightshiftConfig config, Store store, PluginRegistry plugins, Optional<Question> first,
                             int slots, String plannerName, PrintWriter out, LlmServices llm) throws Exception {
        Controller controller = Controller.start(config, store, plugins, slots, llm, Clock.systemUTC(),
                onBudget.equals("cancel"));
        long stopRequestsSeen = store.stopRequests().newestId();
        AtomicBoolean stopped = new AtomicBoolean();
        CountDownLatch stopDone = new CountDownLatch(1);
        long[] current = {first.map(Question::id).orElse(0L)};
        Runnable stop = () -> {
            if (!stopped.compareAndSet(false, true)) {
                return;
            }
            controller.close();
            store.close();
            out.printf("%nStopped. Finished trials are kept; %s%n", current[0] > 0
                    ? "run the same command again to continue question #" + current[0] + "."
                    : "nothing was running.");
            out.flush();
            stopDone.countDown();
        };
        // A signal handler, not a shutdown hook: hooks run concurrently, and H2's own hook would
        // close the database while this one still records the interrupted trial.
        StopSignals.onStop(stop);

        int failures = 0;
        int answered = 0;
        java.util.Set<Long> answeredHere = new java.util.HashSet<>();
        Question question = first.orElse(null);
        try {
            while (!stopped.get()) {
                if (runDeadline != null && !Instant.now().isBefore(runDeadline)) {
                    out.printf("Stopped: the deadline %s (--until) was reached.%n", until);
                    break;
                }
                if (question == null) {
                    // A question left active by a run that was stopped or killed goes first, then the queue.
                    question = unfinished(store, plugins, config.dataDir(), out, answeredHere).orElse(null);
                }
                if (question == null) {
                    question = nextQueued(store, plugins, config.dataDir(), out).orElse(null);
                }
                if (question == null) {
                    Question last = answered > 0 || current[0] > 0 ? store.questions().find(current[0]).orElse(null) : null;
                    List<Question> candidates = new Checkpoint(store, plugins).suggest(last, new Checkpoint.Budget(
                            plannerName, config.loop().maxTrials(), config.loop().trialBudgetSeconds(), config.loop().seed()));
                    printCheckpoint(out, candidates);
                    if (!waitAtCheckpoint || (maxQuestions != null && answered >= maxQuestions)) {
                        break;
                    }
                    question = awaitChoice(store, plugins, config.dataDir(), out, stopped, stopRequestsSeen);
                    if (question == null) {
                        break;
                    }
                    continue;
                }
                current[0] = question.id();
                applyBudget(store, question);
                controller.work(question);
                Optional<StopRequestRepository.StopRequest> request =
                        follow(store, controller, plugins, question, stopped, stopRequestsSeen);
                if (stopped.get()) {
                    break;
                }
                if (request.isPresent()) {
                    if (request.get().cancelRunning()) {
                        out.printf("%n'nightshift stop --now' from %s: stopping at once.%n",
                                TerminalText.safe(request.get().requestedBy()));
                        out.flush();
                        stop.run();
                        break;
                    }
                    drain(controller, out, request.get());
                    break;
                }
                Question done = store.questions().find(question.id()).orElseThrow();
                if (!report(config, store, plugins, done, out)) {
                    failures++;
                }
                answered++;
                answeredHere.add(done.id());
                question = null;
                if (maxQuestions != null && answered >= maxQuestions) {
                    break;
                }
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
        controller.close();
        return failures > 0 ? ErrorHandler.FAILED : 0;
    }

    /** The question's time budget: this run's --until and --max-hours when given; it starts counting now. */
    private void applyBudget(Store store, Question question) {
        if (runDeadline != null || maxHours != null) {
            QuestionBudget stored = question.budget();
            Instant deadline = runDeadline != null ? runDeadline : stored.deadline();
            Duration wall = maxHours != null ? Duration.ofSeconds(Math.round(maxHours * 3600)) : stored.maxWall();
            store.questions().setBudget(question.id(), deadline, wall);
        }
        if (prune != null && question.pruner() == null) {
            store.questions().setPruner(question.id(), prune.trim().toLowerCase(java.util.Locale.ROOT));
        }
        store.questions().markStarted(question.id(), Instant.now());
    }

    /**
     * Shows the question's progress until it is answered, the run is stopped, or someone asks with
     * 'nightshift stop' (then that request is returned).
     */
    private static Optional<StopRequestRepository.StopRequest> follow(Store store, Controller controller,
            PluginRegistry plugins, Question question, AtomicBoolean stopped, long stopRequestsSeen)
            throws InterruptedException {
        try (ProgressView progress = new ProgressView(store, controller.loop(), plugins, question, System.err)) {
            while (!stopped.get()) {
                Question now = store.questions().find(question.id()).orElseThrow();
                progress.update(now);
                if (now.status() != QuestionStatus.ACTIVE) {
                    return Optional.empty();
                }
                Optional<StopRequestRepository.StopRequest> request = store.stopRequests().after(stopRequestsSeen);
                if (request.isPresent()) {
                    return request;
                }
                Thread.sleep(500);
            }
        }
        return Optional.empty();
    }

    /** 'nightshift stop': nothing new starts, running trials finish, then the run ends (run again to continue). */
    private static void drain(Controller controller, PrintWriter out, StopRequestRepository.StopRequest request)
            throws InterruptedException {
        out.printf("%n'nightshift stop' from %s: starting nothing new; waiting for %d running trial(s) to finish ...%n",
                TerminalText.safe(request.requestedBy()), controller.running());
        out.flush();
        controller.drain();
        while (controller.running() > 0) {
            Thread.sleep(250);
        }
        out.println("Stopped. Finished trials are kept; queued ones run when you start again.");
        out.flush();
    }

    /** The results of an answered question; false when none of its trials completed. */
    private boolean report(NightshiftConfig config, Store store, PluginRegistry plugins, Question question, PrintWriter out) {
        if (question.status() == QuestionStatus.DROPPED) {
            out.printf("Question #%d was dropped while it ran.%n", question.id());
            return true;
        }
        if (question.stopReason() != null) {
            out.printf("Question #%d stopped before its design was done: %s.%n", question.id(),
                    TerminalText.safe(question.stopReason()));
        }
        new ResultsTable(plugins.get(question.pluginId()).descriptor()).print(out, store, question);
        StatusCommand.printSpend(out, store.llmCalls().spend(question.id()));
        writeFindings(store, plugins, question, out);
        out.flush();
        int completed = store.trials().countByStatus(question.id()).get(TrialStatus.COMPLETED);
        if (completed == 0) {
            // A night in which nothing trained is a failure, whatever the reasons; scripts must see it.
            spec.commandLine().getErr().printf("nightshift: no trial of question #%d completed; the table above"
                    + " gives each one's error, and %s has the workers' logs%n", question.id(), config.logDir());
            return false;
        }
        return true;
    }

    /**
     * What the study found, computed from the store (with the language model's prose on top when one is
     * configured), checked, stored with the question and printed. A failure here loses no trial: 'nightshift
     * findings' writes them later.
     */
    private void writeFindings(Store store, PluginRegistry plugins, Question question, PrintWriter out) {
        try {
            List<Finding> findings = new StudyFindings(store).write(question, Studies.design(question),
                    plugins.get(question.pluginId()).descriptor().objective(),
                    llmForFindings == null ? null : new FindingsProse(llmForFindings.gateway()));
            FindingsView.print(out, findings);
        } catch (RuntimeException e) {
            org.slf4j.LoggerFactory.getLogger(RunCommand.class).warn("could not write the findings of question {}",
                    question.id(), e);
            out.printf("(the findings of question #%d could not be written: %s; 'nightshift findings --question %d'"
                    + " tries again)%n", question.id(), TerminalText.safe(e.getMessage()), question.id());
        }
    }

    /**
     * The oldest active question this run has not worked on yet (one left by a stopped or killed run), when
     * working through the queue: it continues where it stopped.
     */
    private Optional<Question> unfinished(Store store, PluginRegistry plugins, Path dataDir, PrintWriter out,
                                          java.util.Set<Long> seen) throws Exception {
        if (!queued) {
            return Optional.empty();
        }
        for (Question q : store.questions().withStatus(QuestionStatus.ACTIVE)) {
            Optional<Plugin> plugin = plugins.find(q.pluginId());
            if (!seen.contains(q.id()) && plugin.isPresent()) {
                seen.add(q.id());
                plugin.get().prepare(dataDir);
                announce(out, "Continuing question", q, plugin.get());
                return Optional.of(q);
            }
        }
        return Optional.empty();
    }

    /** The next queued question, made active; empty when none is queued. */
    private static Optional<Question> nextQueued(Store store, PluginRegistry plugins, Path dataDir, PrintWriter out)
            throws Exception {
        while (true) {
            Optional<Question> next = store.questions().nextQueued();
            if (next.isEmpty()) {
                return next;
            }
            Question q = next.get();
            Optional<Plugin> plugin = plugins.find(q.pluginId());
            if (plugin.isEmpty()) {
                out.printf("Queued question #%d needs plugin %s, which is not installed; it stays queued.%n", q.id(),
                        TerminalText.safe(q.pluginId()));
                return Optional.empty();
            }
            boolean activated;
            try {
                activated = store.questions().move(q.id(), QuestionStatus.QUEUED, QuestionStatus.ACTIVE);
            } catch (io.nightshift.store.DuplicateKeyException e) {
                // The same question is active already (started by hand): this queued copy is not needed.
                store.questions().move(q.id(), QuestionStatus.QUEUED, QuestionStatus.DROPPED);
                continue;
            }
            Question now = store.questions().find(q.id()).orElseThrow();
            if (activated || now.status() == QuestionStatus.ACTIVE) {
                // Not activated here but active: another controller on the database took it a moment ago; join it.
                plugin.get().prepare(dataDir);
                announce(out, activated ? "Next queued question" : "Continuing question", now, plugin.get());
                return Optional.of(now);
            }
        }
    }

    private static void printCheckpoint(PrintWriter out, List<Question> candidates) {
        out.println();
        out.println("Checkpoint: nothing is queued. Suggested next questions:");
        for (Question c : candidates) {
            out.printf("  #%d  [%s, %s] %s%n", c.id(), TerminalText.safe(c.pluginId()), c.origin().name().toLowerCase(
                    java.util.Locale.ROOT), TerminalText.safe(c.text()));
        }
        out.println("Choose one with 'nightshift questions choose ID' (or add your own with 'nightshift questions add'),"
                + " then 'nightshift run --queued'.");
        out.flush();
    }

    /** Waits, idle, until a person queues a question from another process; null if stopped first. */
    private Question awaitChoice(Store store, PluginRegistry plugins, Path dataDir, PrintWriter out,
                                 AtomicBoolean stopped, long stopRequestsSeen) throws Exception {
        out.println("Waiting for a person to choose (Ctrl-C or 'nightshift stop' to stop) ...");
        out.flush();
        while (!stopped.get()) {
            if (store.stopRequests().after(stopRequestsSeen).isPresent()) {
                out.println("Stopped by 'nightshift stop' while waiting.");
                return null;
            }
            if (runDeadline != null && !Instant.now().isBefore(runDeadline)) {
                out.printf("Stopped: the deadline %s (--until) was reached while waiting.%n", until);
                return null;
            }
            Optional<Question> chosen = nextQueued(store, plugins, dataDir, out);
            if (chosen.isPresent()) {
                return chosen.get();
            }
            Thread.sleep(WAIT_POLL_MILLIS);
        }
        return null;
    }

    /** One controller per H2 file; on PostgreSQL, whose schedulers run clustered, one per home. */
    private static ControllerLock lockDatabase(NightshiftConfig config) {
        return ControllerLock.forDatabase(config.database().url(), config.home(),
                Store.displayUrl(config.database().url())).orElseGet(() -> ControllerLock.forHome(config.home()));
    }

    private static void checkPositive(String option, Integer value) {
        if (value != null && value <= 0) {
            throw new UsageException(option + " must be positive, got " + value);
        }
    }
}
