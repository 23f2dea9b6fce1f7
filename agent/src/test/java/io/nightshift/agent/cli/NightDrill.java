package io.nightshift.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.nightshift.agent.worker.NightPlugin;
import io.nightshift.store.EndCause;
import io.nightshift.store.Proposal;
import io.nightshift.store.Question;
import io.nightshift.store.Store;
import io.nightshift.store.Trial;
import io.nightshift.store.TrialStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A simulated night on real processes: two queued questions on the {@code night} plugin (a sweep in which every
 * fault kind strikes, then an open-ended optimisation with ASHA pruning), {@code run --queued --until} a deadline a
 * couple of minutes ahead, and a controller killed with SIGKILL three times and started again with the same command.
 * {@link #check} then adds up the counts: nothing lost, nothing run twice, every fault recorded with its cause, the
 * night stopped at its deadline.
 */
final class NightDrill {

    static final int MAX_ATTEMPTS = 2;
    static final int TRIAL_BUDGET_SECONDS = 5;
    /**
     * Under the config's {@code loop:}: two attempts for a lost worker; a hung trial is cancelled 2 s past its budget
     * and its worker killed 2 s later.
     */
    /** Under the config's {@code workers:}: a worker may hold 1 GB, which the native fault goes past. */
    static final String WORKER_SETTINGS = "  max-memory-mb: 1024\n";
    static final String LOOP_SETTINGS = "  max-attempts: " + MAX_ATTEMPTS + "\n  overrun-seconds: 2\n  cancel-grace-seconds: 2\n";

    /** One controller process: its configuration (its home) and where its output goes. */
    record Node(String name, Path config, Path home) {}

    /** What the drill did, for the checks and the report. */
    record Outcome(Instant deadline, int kills, List<Path> outputs, List<Integer> finalExitCodes) {}

    private NightDrill() {}

    /** Queues the two questions of the night through the CLI, as a person would. */
    static void queueQuestions(Path config) {
        String[] faults = TestHome.execute("--config", config.toString(), "questions", "add", "--plugin", "night",
                "--question", "What does each fault cost?", "--sweep", "fault=" + String.join(",", NightPlugin.FAULTS),
                "--fix", "x=0.5", "--seeds", "1", "--trial-budget", String.valueOf(TRIAL_BUDGET_SECONDS), "--queue");
        assertThat(faults[0]).as("%s%n%s", faults[1], faults[2]).isEqualTo("0");
        String[] open = TestHome.execute("--config", config.toString(), "questions", "add", "--plugin", "night",
                "--question", "Which x learns best?", "--fix", "fault=none", "--max-trials", "100000", "--trial-budget",
                String.valueOf(TRIAL_BUDGET_SECONDS), "--queue");
        assertThat(open[0]).as("%s%n%s", open[1], open[2]).isEqualTo("0");
    }

    /**
     * Runs the night: every node starts {@code run --queued --until deadline}; at each kill time one node (in turn)
     * is killed with SIGKILL and started again at once with the same command; then all run to the deadline.
     */
    static Outcome run(List<Node> nodes, Duration night, List<Duration> killsAt, int workersPerNode) throws Exception {
        Instant start = Instant.now();
        Instant deadline = start.plus(night).truncatedTo(ChronoUnit.SECONDS);
        String until = LocalDateTime.ofInstant(deadline, ZoneId.systemDefault()).toString();
        List<Process> running = new ArrayList<>();
        List<Path> outputs = new ArrayList<>();
        int[] generation = new int[nodes.size()];
        try {
            for (int i = 0; i < nodes.size(); i++) {
                running.add(start(nodes.get(i), until, workersPerNode, ++generation[i], outputs));
            }
            int kills = 0;
            for (Duration at : killsAt) {
                sleepUntil(start.plus(at));
                int victim = kills % nodes.size();
                Process p = running.get(victim);
                assertThat(p.isAlive()).as("%s alive before kill %d: %s", nodes.get(victim).name(), kills + 1,
                        Files.readString(outputs.get(outputs.size() - 1))).isTrue();
                p.destroyForcibly(); // SIGKILL: nothing is recorded on the way out; its workers are orphaned
                assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
                kills++;
                running.set(victim, start(nodes.get(victim), until, workersPerNode, ++generation[victim], outputs));
            }
            List<Integer> codes = new ArrayList<>();
            for (int i = 0; i < running.size(); i++) {
                Process p = running.get(i);
                boolean ended = p.waitFor(Duration.between(Instant.now(), deadline).toSeconds() + 90, TimeUnit.SECONDS);
                assertThat(ended).as("%s ended after the deadline", nodes.get(i).name()).isTrue();
                codes.add(p.exitValue());
            }
            return new Outcome(deadline, kills, outputs, codes);
        } finally {
            running.forEach(Process::destroyForcibly);
        }
    }

    private static Process start(Node node, String until, int workers, int generation, List<Path> outputs)
            throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "--config", node.config().toString(), "run", "--queued", "--until", until, "--prune", "asha",
                "--on-budget", "cancel", "--workers", String.valueOf(workers)));
        Path out = node.home().resolve("controller-" + generation + ".out");
        outputs.add(out);
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
    }

    private static void sleepUntil(Instant at) throws InterruptedException {
        long millis = Duration.between(Instant.now(), at).toMillis();
        if (millis > 0) {
            Thread.sleep(millis);
        }
    }

    /** The counts of one question: trials by status, and the drill's report line. */
    static Map<TrialStatus, Long> counts(List<Trial> trials) {
        Map<TrialStatus, Long> counts = new EnumMap<>(TrialStatus.class);
        trials.forEach(t -> counts.merge(t.status(), 1L, Long::sum));
        return counts;
    }

    /**
     * Adds up what the night left in the store; returns a report of the counts. Every kill that hit a running trial
     * left it INTERRUPTED by a lost controller, and that experiment ran again; no experiment ended twice; every
     * fault kind is recorded with its cause; the open question was stopped by its deadline and nothing started
     * after it.
     */
    static String check(Store store, Outcome outcome) throws Exception {
        List<Question> questions = store.questions().all().stream().sorted(Comparator.comparingLong(Question::id)).toList();
        assertThat(questions).hasSize(2);
        Question faults = questions.get(0);
        Question open = questions.get(1);
        StringBuilder report = new StringBuilder();
        int interrupted = 0;
        for (Question q : questions) {
            List<Trial> trials = store.trials().forQuestion(q.id());
            List<Proposal> proposals = store.proposals().forQuestion(q.id());
            Map<Long, List<Trial>> byProposal = trials.stream().collect(Collectors.groupingBy(Trial::proposalId,
                    TreeMap::new, Collectors.collectingAndThen(Collectors.toList(),
                            l -> l.stream().sorted(Comparator.comparingInt(Trial::attempt)).toList())));
            byProposal.forEach((proposal, attempts) -> checkAttempts(q, proposal, attempts));
            assertThat(trials).as("nothing left running or queued in question #%d", q.id())
                    .noneSatisfy(t -> assertThat(t.status()).isIn(TrialStatus.RUNNING, TrialStatus.QUEUED));
            // Nothing starts after the deadline (a second of slack for the clock read before the start).
            assertThat(trials).allSatisfy(t -> assertThat(t.startedAt() == null
                    || !t.startedAt().isAfter(outcome.deadline().plusSeconds(1))).as("trial #%d started %s", t.id(),
                    t.startedAt()).isTrue());
            interrupted += (int) trials.stream().filter(t -> t.status() == TrialStatus.INTERRUPTED).count();
            report.append(String.format("question #%d (%s): %d experiments, %d trials %s, %d proposals never started%n",
                    q.id(), q.text(), proposals.size(), trials.size(), counts(trials),
                    proposals.size() - byProposal.size()));
        }
        // One controller with two busy workers is always mid-trial when killed; a node of a cluster with one worker
        // may be between trials (the PostgreSQL kill drill checks the recovery itself, deterministically).
        int least = outcome.finalExitCodes().size() > 1 ? 0 : 1;
        assertThat(interrupted).as("kills that hit a running trial").isBetween(least,
                outcome.kills() * 2 * Math.max(1, outcome.finalExitCodes().size()));

        // The sweep ran to its end: every fault kind struck and is recorded with its cause.
        Map<Object, Trial> lastByFault = new TreeMap<>();
        Map<Long, Object> faultOf = store.proposals().forQuestion(faults.id()).stream()
                .collect(Collectors.toMap(Proposal::id, p -> p.params().get("fault")));
        store.trials().forQuestion(faults.id()).stream().sorted(Comparator.comparingInt(Trial::attempt))
                .forEach(t -> lastByFault.put(faultOf.get(t.proposalId()), t));
        assertThat(lastByFault).as("every fault kind ran").containsOnlyKeys(NightPlugin.FAULTS.toArray());
        assertThat(lastByFault.get("none").status()).isEqualTo(TrialStatus.COMPLETED);
        assertThat(lastByFault.get("garbage").status()).as("garbage on stdout never reaches the protocol")
                .isEqualTo(TrialStatus.COMPLETED);
        assertThat(lastByFault.get("garbage").objectiveValue()).isPositive();
        assertFailed(lastByFault.get("halt"), EndCause.WORKER_LOST, "exited mid-trial with code 42");
        assertFailed(lastByFault.get("hang"), EndCause.WORKER_LOST, "ignored the cancel");
        assertFailed(lastByFault.get("throw"), EndCause.PLUGIN_ERROR, "fault on command");
        assertFailed(lastByFault.get("nan"), null, "NaN");
        assertFailed(lastByFault.get("heap"), null, "OutOfMemoryError");
        assertFailed(lastByFault.get("native"), EndCause.OUT_OF_MEMORY, "(workers.max-memory-mb)");
        assertThat(store.trials().forQuestion(faults.id())).filteredOn(t -> faultOf.get(t.proposalId()).equals("halt"))
                .filteredOn(t -> t.status() == TrialStatus.FAILED).as("a lost worker is retried up to max-attempts")
                .hasSize(MAX_ATTEMPTS);

        // The open question ran until the deadline stopped it, with pruning at work.
        Question openNow = store.questions().find(open.id()).orElseThrow();
        assertThat(openNow.stopReason()).as("why question #%d stopped", open.id()).containsIgnoringCase("deadline");
        assertThat(counts(store.trials().forQuestion(open.id()))).containsKey(TrialStatus.PRUNED)
                .containsKey(TrialStatus.COMPLETED);
        String last = Files.readString(outcome.outputs().get(outcome.outputs().size() - 1));
        assertThat(outcome.outputs().stream().map(NightDrill::read).anyMatch(o -> o.contains("(--until) was reached")))
                .as("a controller says the deadline stopped it:%n%s", last).isTrue();
        long controllers = questions.stream().flatMap(q -> store.trials().forQuestion(q.id()).stream())
                .map(Trial::worker).filter(java.util.Objects::nonNull).distinct().count();
        report.append(String.format("kills: %d, trials interrupted by them: %d, controllers that ran trials: %d,"
                + " final exit codes %s%n", outcome.kills(), interrupted, controllers, outcome.finalExitCodes()));
        return report.toString();
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** One experiment's attempts: consecutive, at most one end, and only retries or interruptions before it. */
    private static void checkAttempts(Question q, long proposal, List<Trial> attempts) {
        String all = "question #" + q.id() + " proposal " + proposal + ": " + attempts;
        for (int i = 0; i < attempts.size(); i++) {
            assertThat(attempts.get(i).attempt()).as("attempts numbered without gaps or repeats: %s", all)
                    .isEqualTo(i + 1);
        }
        long lost = attempts.stream().filter(t -> t.status() == TrialStatus.FAILED && t.endCause() == EndCause.WORKER_LOST)
                .count();
        assertThat(lost).as("worker losses within max-attempts: %s", all).isLessThanOrEqualTo(MAX_ATTEMPTS);
        for (Trial t : attempts.subList(0, attempts.size() - 1)) {
            boolean retried = t.status() == TrialStatus.INTERRUPTED
                    || t.status() == TrialStatus.FAILED && t.endCause() == EndCause.WORKER_LOST;
            assertThat(retried).as("only an interruption or a lost worker runs again: %s", all).isTrue();
        }
        for (Trial t : attempts) {
            if (t.status() == TrialStatus.INTERRUPTED) {
                assertThat(t.endCause()).as(all).isEqualTo(EndCause.CONTROLLER_LOST);
            }
        }
        Trial last = attempts.get(attempts.size() - 1);
        assertThat(last.status()).as("the last attempt ended for a reason of its own: %s", all)
                .isNotEqualTo(TrialStatus.INTERRUPTED);
    }

    private static void assertFailed(Trial t, EndCause cause, String errorPart) {
        assertThat(t.status()).as("%s", t).isEqualTo(TrialStatus.FAILED);
        if (cause != null) {
            assertThat(t.endCause()).as("%s", t).isEqualTo(cause);
        }
        assertThat(t.error()).as("%s", t).contains(errorPart);
    }
}
