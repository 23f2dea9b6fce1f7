package io.nightshift.agent.cli;

import io.nightshift.agent.app.Stores;
import io.nightshift.agent.config.NightshiftConfig;
import io.nightshift.agent.plugins.PluginRegistry;
import io.nightshift.agent.study.Checkpoint;
import io.nightshift.agent.study.DesignArguments;
import io.nightshift.agent.study.DesignCodec;
import io.nightshift.agent.study.DesignSummary;
import io.nightshift.agent.study.StudyPlanner;
import io.nightshift.agent.study.StudyRequest;
import io.nightshift.agent.study.Studies;
import io.nightshift.agent.terminal.TerminalJson;
import io.nightshift.agent.terminal.TerminalText;
import io.nightshift.plugin.Plugin;
import io.nightshift.plugin.StudyDesign;
import io.nightshift.store.Question;
import io.nightshift.store.QuestionRepository;
import io.nightshift.store.QuestionStatus;
import io.nightshift.store.Store;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * Research questions and their lifecycle: candidate (suggested or written down), queued (chosen; runs in turn),
 * active, answered, dropped. {@code run --queued} works through the queue.
 */
@Command(name = "questions", mixinStandardHelpOptions = true,
        description = "List, add, edit, suggest, queue, choose and drop research questions.",
        subcommands = {QuestionsCommand.ListQuestions.class, QuestionsCommand.Add.class, QuestionsCommand.Edit.class,
                QuestionsCommand.Suggest.class, QuestionsCommand.Queue.class, QuestionsCommand.Choose.class,
                QuestionsCommand.Drop.class})
final class QuestionsCommand implements Runnable {

    @ParentCommand
    NightshiftCommand root;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The design options shared by add and edit. */
    static final class DesignOptions {
        @Option(names = "--question", paramLabel = "TEXT|N", description = "The question, or the number of one of the plugin's suggestions.")
        String question;
        @Option(names = "--design", paramLabel = "FILE", description = "A study design in YAML.")
        Path designFile;
        @Option(names = "--sweep", paramLabel = "NAME=V1,V2,...", description = "Sweep one parameter over these values.")
        String sweep;
        @Option(names = "--arm", paramLabel = "'NAME: P=V; P=V'", description = "One arm of a comparison (two or more).")
        List<String> arms = new ArrayList<>();
        @Option(names = "--fix", paramLabel = "NAME=VALUE", description = "Pin a parameter for every experiment.")
        List<String> fixed = new ArrayList<>();
        @Option(names = "--seeds", paramLabel = "N", description = "Runs of each reported configuration (default 3).")
        Integer seeds;
        @Option(names = "--tune-trials", paramLabel = "N", description = "Tuning trials per arm or point (default 0).")
        Integer tuneTrials;
        @Option(names = "--max-trials", paramLabel = "N", description = "Budget of an optimise study (default: loop.max-trials).")
        Integer maxTrials;
        @Option(names = "--trial-budget", paramLabel = "SECONDS", description = "Wall-clock budget of one trial.")
        Integer trialBudget;

        boolean givesDesign() {
            return designFile != null || sweep != null || !arms.isEmpty() || !fixed.isEmpty() || seeds != null
                    || tuneTrials != null;
        }

        StudyRequest resolve(Plugin plugin) {
            return resolve(plugin, null);
        }

        StudyRequest resolve(Plugin plugin, java.util.function.Function<String, Optional<StudyDesign>> drafter) {
            try {
                return StudyRequest.resolve(plugin, question, designFile,
                        DesignArguments.fromOptions(sweep, arms, fixed, seeds, tuneTrials), drafter);
            } catch (IllegalArgumentException e) {
                throw new UsageException(e.getMessage());
            }
        }
    }

    /** Base of the subcommands: the configuration, the store and the plugins. */
    abstract static class Sub implements Callable<Integer> {
        @ParentCommand
        QuestionsCommand parent;
        @Spec
        CommandSpec spec;

        NightshiftConfig config() {
            return parent.root.config();
        }

        PrintWriter out() {
            return spec.commandLine().getOut();
        }

        @Override
        public Integer call() throws Exception {
            NightshiftConfig config = config();
            PluginRegistry plugins = PluginRegistry.load(config);
            try (Store store = Stores.open(config)) {
                int code = call(config, store, plugins);
                out().flush();
                return code;
            }
        }

        abstract int call(NightshiftConfig config, Store store, PluginRegistry plugins) throws Exception;

        Question find(Store store, long id) {
            return store.questions().find(id).orElseThrow(() -> new UsageException("no question #" + id
                    + "; 'nightshift questions list' shows them"));
        }

        static String describe(Question q, PluginRegistry plugins) {
            String design = plugins.find(q.pluginId())
                    .map(p -> DesignSummary.of(Studies.design(q), p.descriptor()))
                    .orElse(Studies.design(q).kind() + " (plugin not installed)");
            return String.format(Locale.ROOT, "#%d  %-9s %-8s %-18s %s%n      %s; %d trials of %d s", q.id(),
                    q.status().name().toLowerCase(Locale.ROOT), q.origin().name().toLowerCase(Locale.ROOT),
                    TerminalText.safe(q.pluginId()), TerminalText.safe(q.text()), TerminalText.safe(design),
                    q.maxTrials(), q.trialBudgetSeconds());
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "Questions by state: candidates, the queue in order, active, answered (--all adds dropped ones).")
    static final class ListQuestions extends Sub {
        @Option(names = "--all", description = "Include dropped questions.")
        boolean all;
        @Option(names = "--json", description = "Print JSON.")
        boolean json;

        @Override
        int call(NightshiftConfig config, Store store, PluginRegistry plugins) throws Exception {
            List<Question> questions = new ArrayList<>();
            questions.addAll(store.questions().withStatus(QuestionStatus.CANDIDATE));
            List<Question> queue = new ArrayList<>(store.questions().withStatus(QuestionStatus.QUEUED));
            queue.sort(java.util.Comparator.comparing((Question q) -> queuedOrder(store, q)));
            questions.addAll(queue);
            questions.addAll(store.questions().withStatus(QuestionStatus.ACTIVE));
            questions.addAll(store.questions().withStatus(QuestionStatus.DONE));
            if (all) {
                questions.addAll(store.questions().withStatus(QuestionStatus.DROPPED));
            }
            if (json) {
                List<Map<String, Object>> rows = new ArrayList<>();
                for (Question q : questions) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("id", q.id());
                    m.put("status", q.status().name());
                    m.put("origin", q.origin().name());
                    m.put("plugin", q.pluginId());
                    m.put("text", q.text());
                    m.put("design", q.design() == null ? null : new com.fasterxml.jackson.databind.ObjectMapper().readTree(q.design()));
                    m.put("maxTrials", q.maxTrials());
                    m.put("trialBudgetSeconds", q.trialBudgetSeconds());
                    rows.add(m);
                }
                out().println(TerminalJson.mapper().writeValueAsString(Map.of("questions", rows)));
                return 0;
            }
            if (questions.isEmpty()) {
                out().println("No questions yet. 'nightshift questions suggest' proposes some; 'nightshift run' starts one.");
            }
            for (Question q : questions) {
                out().println(describe(q, plugins));
            }
            return 0;
        }

        private static long queuedOrder(Store store, Question q) {
            return q.id(); // nextQueued orders by queue time, then id; ids follow creation, close enough for a list
        }
    }

    @Command(name = "add", mixinStandardHelpOptions = true,
            description = "Write down a question (a candidate; --queue to queue it at once).")
    static final class Add extends Sub {
        @Option(names = "--plugin", defaultValue = "mnist-mlp", description = "Experiment family. Default: ${DEFAULT-VALUE}.")
        String pluginId;
        @Mixin
        DesignOptions design = new DesignOptions();
        @Option(names = "--planner", description = "Planner (default: loop.planner).")
        String planner;
        @Option(names = "--queue", description = "Queue it now instead of leaving it a candidate.")
        boolean queue;

        @Override
        int call(NightshiftConfig config, Store store, PluginRegistry plugins) {
            Plugin plugin = plugins.get(pluginId);
            StudyRequest request = design.resolve(plugin, Drafting.drafter(config, store, plugin.descriptor(), out()));
            int budget = StudyPlanner.budget(request.design(),
                    design.maxTrials != null ? design.maxTrials : config.loop().maxTrials());
            Question q = store.questions().create(new QuestionRepository.NewQuestion(pluginId, request.text(),
                    planner != null ? planner : config.loop().planner(), budget,
                    design.trialBudget != null ? design.trialBudget : config.loop().trialBudgetSeconds(),
                    config.loop().seed(), queue ? QuestionStatus.QUEUED : QuestionStatus.CANDIDATE,
                    DesignCodec.write(request.design()), io.nightshift.store.QuestionOrigin.PERSON, null));
            out().println((queue ? "Queued " : "Added candidate ") + describe(q, plugins));
            return 0;
        }
    }

    @Command(name = "edit", mixinStandardHelpOptions = true,
            description = "Change a candidate or queued question's text, design or budget (validated against its plugin).")
    static final class Edit extends Sub {
        @Parameters(paramLabel = "ID")
        long id;
        @Mixin
        DesignOptions design = new DesignOptions();

        @Override
        int call(NightshiftConfig config, Store store, PluginRegistry plugins) {
            Question q = find(store, id);
            if (q.status() != QuestionStatus.CANDIDATE && q.status() != QuestionStatus.QUEUED) {
                throw new UsageException("question #" + id + " is " + q.status().name().toLowerCase(Locale.ROOT)
                        + "; only candidate and queued questions can be edited");
            }
            Plugin plugin = plugins.get(q.pluginId());
            StudyDesign newDesign = Studies.design(q);
            String text = q.text();
            if (design.givesDesign() || design.question != null) {
                StudyRequest request = design.resolve(plugin);
                newDesign = design.givesDesign() || design.question.trim().matches("\\d+") ? request.design() : newDesign;
                text = design.question != null ? request.text() : q.text();
            }
            int budget = StudyPlanner.budget(newDesign, design.maxTrials != null ? design.maxTrials : q.maxTrials());
            int trialBudget = design.trialBudget != null ? design.trialBudget : q.trialBudgetSeconds();
            if (!store.questions().edit(id, q.status(), text, DesignCodec.write(newDesign), budget, trialBudget,
                    q.reviewPolicy())) {
                throw new UsageException("question #" + id + " changed state while being edited; look again with"
                        + " 'nightshift questions list'");
            }
            out().println("Edited " + describe(find(store, id), plugins));
            return 0;
        }
    }

    @Command(name = "suggest", mixinStandardHelpOptions = true,
            description = "Suggest next questions from the plugins' templates (as candidates).")
    static final class Suggest extends Sub {
        @Override
        int call(NightshiftConfig config, Store store, PluginRegistry plugins) {
            Question last = store.questions().withStatus(QuestionStatus.DONE).stream()
                    .reduce((a, b) -> b).orElse(null);
            List<Question> candidates = new Checkpoint(store, plugins).suggest(last, new Checkpoint.Budget(
                    config.loop().planner(), config.loop().maxTrials(), config.loop().trialBudgetSeconds(),
                    config.loop().seed()));
            for (Question q : candidates) {
                out().println(describe(q, plugins));
            }
            out().println("Queue one with 'nightshift questions choose ID'.");
            return 0;
        }
    }

    /** CANDIDATE to QUEUED, from the state it is in (a second chooser loses, with a message). */
    abstract static class Move extends Sub {
        @Parameters(paramLabel = "ID", arity = "1..*")
        List<Long> ids;

        abstract QuestionStatus to();

        abstract String verb();

        @Override
        int call(NightshiftConfig config, Store store, PluginRegistry plugins) {
            int failed = 0;
            for (long id : ids) {
                Question q = find(store, id);
                Optional<String> problem = move(store, q);
                if (problem.isPresent()) {
                    spec.commandLine().getErr().println("nightshift: question #" + id + ": " + problem.get());
                    failed++;
                } else {
                    out().println(verb() + " " + describe(find(store, id), plugins));
                }
            }
            return failed == 0 ? 0 : ErrorHandler.USAGE;
        }

        Optional<String> move(Store store, Question q) {
            if (q.status() != QuestionStatus.CANDIDATE) {
                return Optional.of("it is " + q.status().name().toLowerCase(Locale.ROOT) + ", not a candidate");
            }
            return store.questions().move(q.id(), QuestionStatus.CANDIDATE, to()) ? Optional.empty()
                    : Optional.of("someone else moved it first");
        }
    }

    @Command(name = "queue", mixinStandardHelpOptions = true, description = "Queue candidate questions; they run in order.")
    static final class Queue extends Move {
        @Override
        QuestionStatus to() {
            return QuestionStatus.QUEUED;
        }

        @Override
        String verb() {
            return "Queued";
        }
    }

    @Command(name = "choose", mixinStandardHelpOptions = true,
            description = "Choose a candidate at a checkpoint: it is queued, and a waiting 'run --wait' starts it within seconds.")
    static final class Choose extends Move {
        @Override
        QuestionStatus to() {
            return QuestionStatus.QUEUED;
        }

        @Override
        String verb() {
            return "Chose";
        }
    }

    @Command(name = "drop", mixinStandardHelpOptions = true, description = "Set questions aside (candidate, queued or active).")
    static final class Drop extends Move {
        @Override
        QuestionStatus to() {
            return QuestionStatus.DROPPED;
        }

        @Override
        String verb() {
            return "Dropped";
        }

        @Override
        Optional<String> move(Store store, Question q) {
            if (q.status() == QuestionStatus.DONE || q.status() == QuestionStatus.DROPPED) {
                return Optional.of("it is " + q.status().name().toLowerCase(Locale.ROOT) + " already");
            }
            return store.questions().move(q.id(), q.status(), QuestionStatus.DROPPED) ? Optional.empty()
                    : Optional.of("it changed state meanwhile; look again with 'nightshift questions list'");
        }
    }
}
