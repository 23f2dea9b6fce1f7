package io.nightshift.agent.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nightshift.agent.app.Stores;
import io.nightshift.agent.config.NightshiftConfig;
import io.nightshift.agent.plugins.PluginRegistry;
import io.nightshift.agent.query.ReviewQueries;
import io.nightshift.agent.review.ReviewDesk;
import io.nightshift.agent.review.ReviewException;
import io.nightshift.agent.terminal.TerminalJson;
import io.nightshift.agent.terminal.TerminalText;
import io.nightshift.store.Placement;
import io.nightshift.store.Store;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code nightshift review}: the proposals waiting for a decision, and the decisions. Safe while {@code run} runs
 * (in another terminal, or on another machine with PostgreSQL): the loop picks a decision up on its next tick.
 * Queries are {@link ReviewQueries}', writes {@link ReviewDesk}'s; this class parses and prints.
 */
@Command(name = "review", mixinStandardHelpOptions = true,
        description = {"List the proposals waiting for review (the default), and approve, reject or edit them.",
                "A running loop picks a decision up within a tick (loop.tick-seconds)."},
        subcommands = {ReviewCommand.ListCommand.class, ReviewCommand.ApproveCommand.class,
                ReviewCommand.RejectCommand.class, ReviewCommand.EditCommand.class})
final class ReviewCommand implements Callable<Integer> {

    @ParentCommand
    NightshiftCommand root;

    @Spec
    CommandSpec spec;

    @Option(names = "--question", paramLabel = "ID", description = "Only this question's proposals (default: every active question's).")
    Long questionId;

    @Option(names = "--json", description = "Print JSON instead of text.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        return list(questionId, json);
    }

    private int list(Long question, boolean asJson) throws Exception {
        NightshiftConfig config = root.config();
        PrintWriter out = spec.commandLine().getOut();
        PluginRegistry plugins = PluginRegistry.load(config);
        try (Store store = Stores.open(config)) {
            List<ReviewQueries.PendingProposal> pending;
            try {
                pending = new ReviewQueries(store, plugins).pending(question);
            } catch (IllegalArgumentException e) {
                throw new UsageException(e.getMessage());
            }
            if (asJson) {
                Map<String, Object> doc = new LinkedHashMap<>();
                doc.put("database", store.displayUrl());
                doc.put("pending", pending.stream().map(ReviewQueries.PendingProposal::toJson).toList());
                out.println(TerminalJson.mapper().writeValueAsString(doc));
            } else {
                print(out, pending, question);
            }
            out.flush();
        }
        return 0;
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    static void print(PrintWriter out, List<ReviewQueries.PendingProposal> pending, Long question) {
        String scope = question == null ? "" : " for question #" + question;
        if (pending.isEmpty()) {
            out.println("No proposals wait for review" + scope + ".");
            return;
        }
        long forPeople = pending.stream().filter(ReviewQueries.PendingProposal::forPerson).count();
        out.printf("%d proposal(s) pending%s, %d waiting for a person.%n", pending.size(), scope, forPeople);
        for (ReviewQueries.PendingProposal p : pending) {
            out.println();
            out.printf("#%d  question #%d (%s, review %s): %s%n", p.proposal().id(), p.question().id(),
                    TerminalText.safe(p.question().pluginId()), TerminalText.safe(p.policy()),
                    TerminalText.safe(p.question().text()));
            row(out, "params", json(p.proposal().params()));
            row(out, "planner", p.proposal().planner());
            Placement at = p.proposal().placement();
            if (!Placement.NONE.equals(at)) {
                row(out, "placement", (at.cell() == null ? "" : "cell " + at.cell() + ", ") + "run " + (at.replicate() + 1)
                        + (at.seed() == null ? "" : ", seed " + at.seed()));
            }
            row(out, "rationale", p.proposal().rationale() == null ? "-" : p.proposal().rationale());
            row(out, "hypothesis", p.proposal().hypothesis() == null || p.proposal().hypothesis().isBlank() ? "-"
                    : p.proposal().hypothesis());
            row(out, "parameters", p.estimate().parametersText());
            row(out, "time", p.estimate().timeText());
            row(out, "memory", p.estimate().memoryText());
            row(out, p.forPerson() ? "waiting" : "not waiting", p.waitingBecause());
        }
        out.println();
        out.println("Decide: nightshift review approve ID... | reject ID --reason TEXT | edit ID --set NAME=VALUE...");
    }

    private static void row(PrintWriter out, String label, Object value) {
        out.printf("    %-11s %s%n", label, TerminalText.safe(value));
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            return String.valueOf(value);
        }
    }

    /** Runs a desk call per proposal; prints what happened; 0, 1 when one was decided by someone else first, 2 when one was invalid. */
    private int decide(List<Long> ids, Decision decision) {
        NightshiftConfig config = root.config();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        PluginRegistry plugins = PluginRegistry.load(config);
        int code = 0;
        try (Store store = Stores.open(config)) {
            ReviewDesk desk = new ReviewDesk(store, plugins, Clock.systemUTC());
            for (long id : ids) {
                try {
                    out.println(TerminalText.safe(decision.apply(desk, id)));
                } catch (ReviewException e) {
                    err.println("nightshift: " + TerminalText.safe(e.getMessage()));
                    code = Math.max(code, e.kind() == ReviewException.Kind.ALREADY_DECIDED ? ErrorHandler.FAILED
                            : ErrorHandler.USAGE);
                }
            }
        }
        out.flush();
        err.flush();
        return code;
    }

    private interface Decision {
        String apply(ReviewDesk desk, long id);
    }

    static final String ACTOR_HELP = "Who decides, kept with the decision (default: your user name, ${DEFAULT-VALUE}).";

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "List the pending proposals: parameters, planner, rationale, hypothesis, estimates, and why each waits.")
    static final class ListCommand implements Callable<Integer> {
        @ParentCommand
        ReviewCommand parent;

        @Option(names = "--question", paramLabel = "ID", description = "Only this question's proposals (default: every active question's).")
        Long questionId;

        @Option(names = "--json", description = "Print JSON instead of text.")
        boolean json;

        @Override
        public Integer call() throws Exception {
            return parent.list(questionId, json);
        }
    }

    @Command(name = "approve", mixinStandardHelpOptions = true, description = "Approve pending proposals: they run as proposed.")
    static final class ApproveCommand implements Callable<Integer> {
        @ParentCommand
        ReviewCommand parent;

        @Parameters(paramLabel = "ID", arity = "1..*", description = "Proposal ids (see 'nightshift review').")
        List<Long> ids = new ArrayList<>();

        @Option(names = "--reason", paramLabel = "TEXT", description = "Why (optional).")
        String reason;

        @Option(names = "--actor", paramLabel = "NAME", defaultValue = "${sys:user.name}", description = ACTOR_HELP)
        String actor;

        @Override
        public Integer call() {
            return parent.decide(ids, (desk, id) -> {
                ReviewDesk.Decided d = desk.approve(id, actor, reason);
                return "Approved proposal #" + id + " (" + d.actor() + "); the loop queues it on its next tick.";
            });
        }
    }

    @Command(name = "reject", mixinStandardHelpOptions = true,
            description = "Reject a pending proposal, with the reason the planner will read before proposing again.")
    static final class RejectCommand implements Callable<Integer> {
        @ParentCommand
        ReviewCommand parent;

        @Parameters(paramLabel = "ID", arity = "1..*", description = "Proposal ids (see 'nightshift review').")
        List<Long> ids = new ArrayList<>();

        @Option(names = "--reason", paramLabel = "TEXT", required = true,
                description = "Why; the planner (a language model's prompt included) sees it.")
        String reason;

        @Option(names = "--actor", paramLabel = "NAME", defaultValue = "${sys:user.name}", description = ACTOR_HELP)
        String actor;

        @Override
        public Integer call() {
            return parent.decide(ids, (desk, id) -> {
                ReviewDesk.Decided d = desk.reject(id, actor, reason);
                return "Rejected proposal #" + id + " (" + d.actor() + "): " + d.reason();
            });
        }
    }

    @Command(name = "edit", mixinStandardHelpOptions = true,
            description = {"Change values of a pending proposal and approve it as changed.",
                    "The original is kept, rejected as 'replaced by edit as #M'; the edit is a new approved proposal at"
                            + " the same place in the study design. Values are checked against the plugin's search space."})
    static final class EditCommand implements Callable<Integer> {
        @ParentCommand
        ReviewCommand parent;

        @Parameters(paramLabel = "ID", arity = "1", description = "The proposal id (see 'nightshift review').")
        long id;

        @Option(names = "--set", paramLabel = "NAME=VALUE", description = "A new value (repeat for several).")
        List<String> set = new ArrayList<>();

        @Option(names = "--unset", paramLabel = "NAME", description = "Leave a parameter out (a conditional one that no longer applies).")
        List<String> unset = new ArrayList<>();

        @Option(names = "--reason", paramLabel = "TEXT", description = "Why (optional; the planner sees it).")
        String reason;

        @Option(names = "--actor", paramLabel = "NAME", defaultValue = "${sys:user.name}", description = ACTOR_HELP)
        String actor;

        @Override
        public Integer call() {
            Map<String, String> values = new LinkedHashMap<>();
            for (String assignment : set) {
                int eq = assignment.indexOf('=');
                if (eq <= 0) {
                    throw new UsageException("--set takes NAME=VALUE, got '" + assignment + "'");
                }
                if (values.put(assignment.substring(0, eq).strip(), assignment.substring(eq + 1)) != null) {
                    throw new UsageException("--set " + assignment.substring(0, eq).strip() + " is given twice");
                }
            }
            return parent.decide(List.of(id), (desk, proposal) -> {
                ReviewDesk.Edited e = desk.edit(proposal, actor, values, unset, reason);
                return "Proposal #" + e.originalId() + " is replaced by #" + e.editedId() + " (" + e.changes()
                        + "), approved; the loop queues it on its next tick.";
            });
        }
    }
}
