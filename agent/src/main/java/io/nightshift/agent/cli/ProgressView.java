package io.nightshift.agent.cli;

import io.nightshift.agent.loop.QuestionHistory;
import io.nightshift.agent.loop.ResearchLoop;
import io.nightshift.agent.plugins.PluginRegistry;
import io.nightshift.agent.terminal.TerminalText;
import io.nightshift.plugin.PluginDescriptor;
import io.nightshift.store.MetricPoint;
import io.nightshift.store.Question;
import io.nightshift.store.Store;
import io.nightshift.store.Trial;
import io.nightshift.store.TrialStatus;
import java.io.PrintStream;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * The progress display of 'run': a bar over the question's experiments whose message shows the
 * running trial, its epoch and latest objective value, and one line per finished trial. It reads
 * only the store, so it shows the same thing whichever process ran the trial.
 */
final class ProgressView implements AutoCloseable {

    private final Store store;
    private final ResearchLoop loop;
    private final PluginDescriptor plugin;
    private final PrintStream err;
    private final ProgressBar bar;
    private final Set<Long> announced = new HashSet<>();

    ProgressView(Store store, ResearchLoop loop, PluginRegistry plugins, Question question, PrintStream err) {
        this.store = store;
        this.loop = loop;
        this.plugin = plugins.get(question.pluginId()).descriptor();
        this.err = err;
        this.bar = new ProgressBarBuilder()
                .setTaskName("experiments")
                .setInitialMax(question.maxTrials())
                .setStyle(ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(500)
                .setConsumer(new ConsoleProgressBarConsumer(err, 110))
                .showSpeed(new java.text.DecimalFormat("0.0"))
                .build();
        // Trials finished in an earlier run are not announced again.
        loop.history(question).trials().stream().filter(t -> t.status().terminal()).forEach(t -> announced.add(t.id()));
    }

    void update(Question question) {
        // The loop's own history: it reads only what changed, where a full read every half second would not scale.
        QuestionHistory history = loop.history(question);
        List<Trial> trials = history.trials();
        for (Trial t : trials) {
            if (t.status().terminal() && announced.add(t.id())) {
                announce(t);
            }
        }
        ResearchLoop.Progress progress = loop.progress(history);
        bar.stepTo(progress.finished());
        // Pending through two looks half a second apart: the loop decides an automatic approval within the tick
        // that made the proposal, so what is still pending then waits for a person.
        Set<Long> pending = new HashSet<>();
        history.proposals().stream().filter(p -> p.status() == io.nightshift.store.ProposalStatus.PENDING)
                .forEach(p -> pending.add(p.id()));
        int waiting = (int) pending.stream().filter(pendingBefore::contains).count();
        pendingBefore = pending;
        if (waiting > waitingAnnounced) {
            // A line, not only the bar: a person must notice that the loop waits for them, and what to run.
            err.print("\r\033[2K");
            err.printf("%d proposal(s) wait for review: 'nightshift review' lists them; then 'nightshift review"
                    + " approve ID...' or 'nightshift review reject ID --reason TEXT'%n", waiting);
            err.flush();
        }
        waitingAnnounced = waiting;
        Optional<Trial> running = trials.stream().filter(t -> t.status() == TrialStatus.RUNNING).findFirst();
        bar.setExtraMessage(running.map(this::describeRunning)
                .orElse(waiting > 0 ? "waiting for review of " + waiting + " proposal(s): nightshift review" : "planning"));
    }

    /** Proposals pending at the last look, and waiting for review when last announced. */
    private Set<Long> pendingBefore = Set.of();
    private int waitingAnnounced;

    private String describeRunning(Trial t) {
        String metric = plugin.objective().metric();
        Optional<MetricPoint> last = store.metrics().latest(t.id(), metric);
        return "trial #" + t.id() + last.map(m -> " epoch " + m.epoch() + " " + TerminalText.safe(metric) + " "
                + String.format(Locale.ROOT, "%.4f", m.value())).orElse(" starting");
    }

    private void announce(Trial t) {
        String outcome = t.status() == TrialStatus.COMPLETED
                ? plugin.objective().metric() + " " + ResultsTable.format(t.objectiveValue())
                + (ResultsTable.testSummary(t).isEmpty() ? "" : ", " + ResultsTable.testSummary(t))
                : String.valueOf(t.error());
        // \r and erase-line: the bar is redrawn below the announcement at its next refresh. Those two
        // are ours; what follows came from a plugin or a planner and is shown, never obeyed.
        err.print("\r\033[2K");
        err.printf("trial #%d %s: %s  %s%n", t.id(), t.status().name().toLowerCase(Locale.ROOT),
                TerminalText.safe(outcome), TerminalText.safe(t.params()));
        err.flush();
    }

    @Override
    public void close() {
        bar.close();
    }
}
