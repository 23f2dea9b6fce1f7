package io.nightshift.agent.loop;

import io.nightshift.agent.planner.Planner;
import io.nightshift.agent.planner.PlannerFactory;
import io.nightshift.agent.planner.PlanningContext;
import io.nightshift.agent.plugins.PluginRegistry;
import io.nightshift.agent.review.ProposalEstimator;
import io.nightshift.agent.review.ReviewDesk;
import io.nightshift.agent.review.ReviewPolicies;
import io.nightshift.agent.review.ReviewPolicy;
import io.nightshift.plugin.InvalidParametersException;
import io.nightshift.plugin.PluginDescriptor;
import io.nightshift.agent.study.StudyPlanner;
import io.nightshift.agent.study.Studies;
import io.nightshift.store.EndCause;
import io.nightshift.store.Proposal;
import io.nightshift.store.ProposalStatus;
import io.nightshift.store.Question;
import io.nightshift.store.QuestionStatus;
import io.nightshift.store.Store;
import io.nightshift.store.Trial;
import io.nightshift.store.TrialStatus;
import io.nightshift.store.Verdict;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One step of the research loop for a question: recover what a dead controller left running,
 * review pending proposals, queue approved ones, ask the planner for more while the budget allows,
 * and close the question when its budget is spent.
 *
 * <p>Every step reads its state from the store and writes its decisions back before the next
 * step, so a tick can be killed at any point and the next one carries on.
 */
public final class ResearchLoop {

    private static final Logger log = LoggerFactory.getLogger(ResearchLoop.class);

    private final Store store;
    private final PluginRegistry plugins;
    private final BiFunction<String, Long, Planner> planners;
    private final ReviewPolicy review;
    private final ReviewDesk desk;
    private final ProposalEstimator estimator = new ProposalEstimator();
    private final TrialScheduler scheduler;
    private final LoopSettings settings;
    private final Clock clock;
    private final RetryPolicy retries;
    private final RunningTrials running;
    private final java.util.concurrent.atomic.AtomicBoolean draining = new java.util.concurrent.atomic.AtomicBoolean();
    private final Map<Long, QuestionHistory> histories = new java.util.concurrent.ConcurrentHashMap<>();

    /** As the full constructor, for a loop whose trials nobody in this process runs. */
    public ResearchLoop(Store store, PluginRegistry plugins, BiFunction<String, Long, Planner> planners,
                        ReviewPolicy review, TrialScheduler scheduler, LoopSettings settings, Clock clock) {
        this(store, plugins, planners, review, scheduler, settings, clock, RunningTrials.NONE);
    }

    /**
     * @param planners    makes the planner a question names, with a seed
     * @param review      the review policy of a question whose row names none ({@code run} passes auto); a question
     *                    with a policy of its own ({@code question.review_policy}) is reviewed by that one
     * @param running     the trials this process runs (never taken for abandoned; cancelled when a budget is spent)
     */
    public ResearchLoop(Store store, PluginRegistry plugins, BiFunction<String, Long, Planner> planners,
                        ReviewPolicy review, TrialScheduler scheduler, LoopSettings settings, Clock clock,
                        RunningTrials running) {
        this.retries = settings.retryPolicy();
        this.running = running;
        this.store = store;
        this.plugins = plugins;
        this.planners = planners;
        this.review = review;
        this.scheduler = scheduler;
        this.settings = settings;
        this.clock = clock;
        this.desk = new ReviewDesk(store, plugins, clock);
    }

    /** @return true when the question is finished and needs no more ticks */
    public boolean tick(long questionId) {
        Optional<Question> found = store.questions().find(questionId);
        if (found.isEmpty() || found.get().status() != QuestionStatus.ACTIVE) {
            return true; // answered, dropped, or not started: nothing to tick
        }
        Question question = found.get();
        PluginDescriptor plugin = plugins.get(question.pluginId()).descriptor();
        recoverStale(question);
        Optional<String> spent = question.budget().spentAt(clock.instant());
        if (spent.isPresent()) {
            return stopForBudget(question, spent.get());
        }
        if (draining.get()) {
            return false; // stopping: nothing new is planned or queued; running trials finish
        }
        reviewPending(question);
        queueApproved(question);

        Progress progress = progress(question);
        if (progress.finished() >= question.maxTrials() && progress.active() == 0) {
            store.questions().finish(question.id(), clock.instant());
            log.info("question {} finished: {} experiments", question.id(), progress.finished());
            return true;
        }
        int wanted = question.maxTrials() - progress.finished() - progress.active() - progress.awaitingReview();
        // A proposal waiting for review takes the room of the experiment it would be: under manual review the
        // planner does not fill the whole budget before a person has seen a result.
        int room = capacity() + settings.plannedAhead() - progress.active() - progress.awaitingReview();
        int count = Math.min(wanted, room);
        if (count > 0) {
            int planned = plan(question, plugin, count);
            if (planned == 0 && progress.active() == 0 && progress.awaitingReview() == 0) {
                // The design has nothing left to run (a person rejected some of its runs, or the space is exhausted).
                store.questions().finish(question.id(), clock.instant());
                log.info("question {} finished: its design has no more experiments ({} run)", question.id(),
                        progress.finished());
                return true;
            }
            reviewPending(question);
            queueApproved(question);
        }
        scheduleQueued(question);
        return false;
    }

    /**
     * Trials the cluster can run at once: this controller's slots alone on an H2 file; with several controllers
     * on PostgreSQL, the slots of every controller seen recently (each says so every few seconds), so that a
     * question keeps every machine busy, not only the one whose tick plans.
     */
    private int capacity() {
        if (settings.soleController()) {
            return settings.workerSlots();
        }
        return Math.max(settings.workerSlots(), store.nodes().liveSlots(clock.instant().minus(settings.staleAfter())));
    }

    /**
     * Stops the loop planning and queueing, for every question: the controller is stopping and lets its running
     * trials finish. Trials already queued stay queued for the next start.
     */
    public void drain() {
        draining.set(true);
    }

    public boolean draining() {
        return draining.get();
    }

    /**
     * A time budget of the question is spent: nothing new runs; trials not started are cancelled; running ones
     * finish (or are cancelled, per the settings); once none runs, the question ends with the budget as reason.
     */
    private boolean stopForBudget(Question question, String why) {
        String reason = "stopped: " + why;
        int stillRunning = 0;
        for (Trial t : store.trials().forQuestion(question.id(), EnumSet.of(TrialStatus.QUEUED, TrialStatus.RUNNING))) {
            if (t.status() == TrialStatus.QUEUED) {
                if (!store.trials().cancelQueued(t.id(), reason, clock.instant())) {
                    stillRunning++; // started on another controller since the read: it ends as that one decides
                }
            } else {
                stillRunning++;
                if (settings.cancelAtBudget()) {
                    running.cancel(t.id(), reason);
                }
            }
        }
        if (stillRunning > 0) {
            return false;
        }
        if (store.questions().stop(question.id(), why, clock.instant())) {
            log.info("question {} {}: {} experiment(s) finished", question.id(), reason,
                    progress(question).finished());
        }
        return true;
    }

    /**
     * A RUNNING trial that no live controller runs is left over from one that died mid-trial: one this process
     * is not running when it is the only controller; else one a dead predecessor from this home left (recognised
     * at once), or one whose heartbeat stopped.
     */
    private void recoverStale(Question question) {
        List<Trial> suspects = new java.util.ArrayList<>();
        List<Trial> running = store.trials().forQuestion(question.id(), EnumSet.of(TrialStatus.RUNNING));
        if (settings.soleController()) {
            suspects.addAll(running);
        } else {
            running.stream().filter(this.running::leftByPredecessor).forEach(suspects::add);
            suspects.addAll(store.trials().staleRunning(clock.instant().minus(settings.staleAfter())));
        }
        for (Trial trial : suspects) {
            if (trial.questionId() != question.id() || this.running.isRunningHere(trial.id())) {
                continue;
            }
            String reason = settings.soleController() || this.running.leftByPredecessor(trial)
                    ? "the controller running it (" + trial.worker() + ") stopped without recording its end"
                    : "no heartbeat since " + trial.heartbeatAt() + ": the controller running it stopped";
            if (store.trials().interrupt(trial.id(), EndCause.CONTROLLER_LOST, reason, clock.instant())) {
                log.warn("trial {} was left running by a stopped controller; it runs again", trial.id());
            }
        }
    }

    /**
     * Applies the question's review policy (its row's, else the loop's default) to its pending proposals. A
     * decision is the guarded move out of PENDING with its decision row, in one transaction ({@link ReviewDesk}):
     * a person who decided first (from another process) wins, and the policy's decision is dropped. What waits for
     * a person costs nothing here but this look at the history on each tick: a decision made elsewhere is seen on
     * the next one.
     */
    private void reviewPending(Question question) {
        QuestionHistory history = history(question);
        ReviewPolicy policy = ReviewPolicies.forQuestion(question, review);
        ProposalEstimator.ForQuestion[] basis = new ProposalEstimator.ForQuestion[1];
        for (Proposal proposal : history.proposals()) {
            if (proposal.status() != ProposalStatus.PENDING) {
                continue;
            }
            ReviewPolicy.Outcome outcome = policy.review(proposal, () -> {
                if (basis[0] == null) { // once per tick, and only for a policy that looks at estimates
                    basis[0] = estimator.forQuestion(plugins.get(question.pluginId()), question, history.trials());
                }
                return basis[0].estimate(proposal);
            });
            if (!outcome.isDecided()) {
                continue;
            }
            ReviewPolicy.Review r = outcome.decision();
            if (!desk.decide(proposal.id(), r.approved() ? Verdict.APPROVE : Verdict.REJECT, r.actor(), r.reason())) {
                log.info("proposal {} was decided by someone else first; the {} policy's decision is dropped",
                        proposal.id(), policy.text());
            }
        }
    }

    /** Gives every approved proposal a queued trial: the first, or a retry after an interruption. */
    private void queueApproved(Question question) {
        QuestionHistory history = history(question);
        for (Proposal proposal : history.proposals()) {
            if (proposal.status() != ProposalStatus.APPROVED) {
                continue;
            }
            List<Trial> attempts = history.attempts(proposal.id());
            if (attempts.isEmpty()) {
                store.trials().create(question.id(), proposal.id(), 1, trialSeed(question, proposal));
            } else if (retries.runsAgain(attempts)) {
                Trial last = attempts.get(attempts.size() - 1);
                store.trials().create(question.id(), proposal.id(), last.attempt() + 1, last.seed());
                log.info("trial {} ended {} ({}); proposal {} runs again (attempt {})", last.id(), last.status(),
                        last.endCause(), proposal.id(), last.attempt() + 1);
            }
        }
    }

    private void scheduleQueued(Question question) {
        for (Trial trial : history(question).trials()) {
            if (trial.status() == TrialStatus.QUEUED && !scheduler.isScheduled(trial.id())) {
                scheduler.schedule(question.id(), trial.id());
            }
        }
    }

    /** Asks the study's design (and through it the question's planner) for experiments; returns how many. */
    private int plan(Question question, PluginDescriptor plugin, int count) {
        QuestionHistory history = history(question);
        PlanningContext context = history.planningContext(question, plugin);
        // Seeded by how much was proposed before, so a restarted loop does not replay the same draws.
        long seed = question.seed() + history.proposals().size();
        Planner planner = planners.apply(question.planner(), seed);
        StudyPlanner study = new StudyPlanner(Studies.design(question), plugin, question.seed());
        List<StudyPlanner.Entry> entries = entries(history);
        List<StudyPlanner.Experiment> experiments;
        try {
            experiments = study.next(entries, count, planner, context, question.maxTrials());
        } catch (RuntimeException e) {
            // A planner bug or an unreachable service must not stop the question: the fallback fills this round.
            log.error("planner {} failed; the {} planner proposes this round instead", planner.name(), PlannerFactory.FALLBACK, e);
            experiments = study.next(entries, count, planners.apply(PlannerFactory.FALLBACK, seed), context,
                    question.maxTrials());
        }
        int made = 0;
        for (StudyPlanner.Experiment experiment : experiments) {
            if (!experiment.accepted()) {
                reject(question, experiment, experiment.rejectedBecause());
                continue;
            }
            try {
                Map<String, Object> params = plugin.searchSpace().validate(experiment.params());
                store.proposals().create(question.id(), params, experiment.planner(), experiment.rationale(),
                        experiment.hypothesis(), experiment.placement());
                made++;
            } catch (InvalidParametersException e) {
                reject(question, experiment, "outside the search space: " + e.getMessage());
            }
        }
        return made;
    }

    private List<StudyPlanner.Entry> entries(QuestionHistory history) {
        List<StudyPlanner.Entry> entries = new java.util.ArrayList<>();
        for (Proposal p : history.proposals()) {
            List<Trial> attempts = history.attempts(p.id());
            Trial last = attempts.isEmpty() ? null : attempts.get(attempts.size() - 1);
            boolean finished = p.status() == ProposalStatus.REJECTED || retries.finished(attempts);
            double value = last != null && last.status() == TrialStatus.COMPLETED && last.objectiveValue() != null
                    ? last.objectiveValue() : Double.NaN;
            entries.add(new StudyPlanner.Entry(p, finished, value));
        }
        return entries;
    }

    /** Stored as a rejected proposal with the reason, in one transaction: never a proposal without its verdict. */
    private void reject(Question question, StudyPlanner.Experiment experiment, String reason) {
        store.inTransaction(() -> {
            Proposal rejected = store.proposals().create(question.id(), experiment.params(), experiment.planner(),
                    experiment.rationale(), experiment.hypothesis(), experiment.placement());
            store.proposals().setStatus(rejected.id(), ProposalStatus.REJECTED, reason);
            return rejected;
        });
        log.warn("planner {} proposed a configuration that will not run: {}", experiment.planner(), reason);
    }

    /** Where a question stands, counted per approved proposal (an experiment), not per attempt. */
    public record Progress(int finished, int active, int awaitingReview) {}

    public Progress progress(Question question) {
        return progress(history(question));
    }

    /** As {@link #progress(Question)}, on a history the caller has just brought up to date. */
    public Progress progress(QuestionHistory history) {
        int finished = 0;
        int active = 0;
        int awaiting = 0;
        for (Proposal p : history.proposals()) {
            if (p.status() == ProposalStatus.PENDING) {
                awaiting++;
            } else if (p.status() == ProposalStatus.APPROVED) {
                if (retries.finished(history.attempts(p.id()))) {
                    finished++;
                } else {
                    active++;
                }
            }
        }
        return new Progress(finished, active, awaiting);
    }

    /** The question's history, brought up to date with the store (it reads only what changed). */
    public QuestionHistory history(Question question) {
        return histories.computeIfAbsent(question.id(), id -> new QuestionHistory(store, id,
                plugins.get(question.pluginId()).descriptor().objective())).refresh();
    }

    /** The design's seed for this run when it chose one (replicates), else one derived from the proposal. */
    private static long trialSeed(Question question, Proposal proposal) {
        if (proposal.placement().seed() != null) {
            return proposal.placement().seed();
        }
        return question.seed() * 1_000_003L + proposal.id();
    }
}
