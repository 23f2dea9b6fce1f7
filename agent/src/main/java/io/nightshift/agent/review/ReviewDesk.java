package io.nightshift.agent.review;

import io.nightshift.agent.plugins.PluginRegistry;
import io.nightshift.agent.study.Studies;
import io.nightshift.plugin.InvalidParametersException;
import io.nightshift.plugin.Parameter;
import io.nightshift.plugin.Plugin;
import io.nightshift.plugin.SearchSpace;
import io.nightshift.plugin.StudyDesign;
import io.nightshift.store.Decision;
import io.nightshift.store.Proposal;
import io.nightshift.store.ProposalStatus;
import io.nightshift.store.Question;
import io.nightshift.store.QuestionStatus;
import io.nightshift.store.Store;
import io.nightshift.store.Verdict;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The writes of review: approve, reject and edit pending proposals, for the CLI now and a web page later. Every
 * decision is the proposal's guarded move out of PENDING and its {@code decision} row, in one transaction: it
 * happens whole or not at all, and of two reviewers (or a reviewer and the loop's policy) deciding the same
 * proposal at once exactly one wins; the other gets a {@link ReviewException} saying who decided first.
 */
public final class ReviewDesk {

    /** The planner name of a proposal a person made by editing another. */
    public static final String EDIT_PLANNER = "edit";

    private final Store store;
    private final PluginRegistry plugins;
    private final Clock clock;

    /** @param plugins for checking edits against the plugin's search space */
    public ReviewDesk(Store store, PluginRegistry plugins, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.plugins = plugins;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Moves the proposal from PENDING to APPROVED or REJECTED and records the decision, in one transaction.
     *
     * @param reason why; may be null for an approval
     * @return true if this decision was made; false if the proposal had been decided already (nothing written)
     */
    public boolean decide(long proposalId, Verdict verdict, String actor, String reason) {
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(actor, "actor");
        String statusReason = reason != null ? reason
                : (verdict == Verdict.APPROVE ? "approved by " : "rejected by ") + actor;
        Instant now = clock.instant();
        return store.inTransaction(() -> {
            if (!store.proposals().decide(proposalId,
                    verdict == Verdict.APPROVE ? ProposalStatus.APPROVED : ProposalStatus.REJECTED, statusReason)) {
                return false;
            }
            store.decisions().record(proposalId, actor, verdict, reason, now);
            return true;
        });
    }

    /** What a person decided. */
    public record Decided(long proposalId, Verdict verdict, String actor, String reason) {}

    /**
     * A person approves a pending proposal of an active question.
     *
     * @param reason may be null
     * @throws ReviewException when there is no such proposal, it was decided already, or its question is not active
     */
    public Decided approve(long proposalId, String actor, String reason) {
        String who = actor(actor);
        Proposal p = pending(proposalId);
        requireActive(p, "approved");
        String why = blankToNull(reason);
        if (!decide(proposalId, Verdict.APPROVE, who, why)) {
            throw alreadyDecided(proposalId);
        }
        return new Decided(proposalId, Verdict.APPROVE, who, why);
    }

    /**
     * A person rejects a pending proposal. The reason is required: the planner reads it in its next context (the
     * language model's prompt included).
     *
     * @throws ReviewException when the reason is missing, there is no such proposal, or it was decided already
     */
    public Decided reject(long proposalId, String actor, String reason) {
        String who = actor(actor);
        String why = blankToNull(reason);
        if (why == null) {
            throw new ReviewException(ReviewException.Kind.INVALID,
                    "a rejection needs a reason (--reason TEXT): the planner reads it before proposing again");
        }
        pending(proposalId);
        if (!decide(proposalId, Verdict.REJECT, who, why)) {
            throw alreadyDecided(proposalId);
        }
        return new Decided(proposalId, Verdict.REJECT, who, why);
    }

    /** An edit: the original, now rejected, and the approved proposal that replaces it. */
    public record Edited(long originalId, long editedId, Map<String, Object> params, String changes) {}

    /**
     * A person changes some values of a pending proposal, which then runs as changed. The original becomes
     * REJECTED ("replaced by edit as #M") and the edited configuration a new proposal, APPROVED, at the same place
     * in the study design (cell, replicate, seed), each with its decision: all in one transaction.
     *
     * @param set    new values by parameter name, as text (typed by the parameter: {@code learning_rate=0.003})
     * @param unset  parameters to leave out (a conditional parameter that no longer applies)
     * @param reason may be null
     * @throws ReviewException when the edit is not valid in the plugin's search space (every problem named), moves
     *                         what the study design pins, changes nothing, or the proposal is not pending
     */
    public Edited edit(long proposalId, String actor, Map<String, String> set, List<String> unset, String reason) {
        String who = actor(actor);
        Proposal original = pending(proposalId);
        Question question = requireActive(original, "edited");
        if (set.isEmpty() && unset.isEmpty()) {
            throw invalid("an edit needs at least one --set NAME=VALUE (or --unset NAME)");
        }
        Plugin plugin = plugins == null ? null : plugins.find(question.pluginId()).orElse(null);
        if (plugin == null) {
            throw invalid("plugin '" + question.pluginId() + "' of question #" + question.id()
                    + " is not installed here, so an edit cannot be checked against its search space");
        }
        SearchSpace space = plugin.descriptor().searchSpace();
        Map<String, Object> edited = new LinkedHashMap<>(original.params());
        for (Map.Entry<String, String> e : set.entrySet()) {
            Parameter parameter = space.parameter(e.getKey()).orElseThrow(() -> unknown(e.getKey(), question, space));
            edited.put(e.getKey(), typed(parameter, e.getValue()));
        }
        for (String name : unset) {
            space.parameter(name).orElseThrow(() -> unknown(name, question, space));
            edited.remove(name);
        }
        Map<String, Object> valid;
        try {
            valid = space.validate(edited);
        } catch (InvalidParametersException e) {
            throw invalid("the edited configuration is not valid for " + question.pluginId() + ": " + e.getMessage());
        }
        if (valid.equals(original.params())) {
            throw invalid("the edit changes nothing: proposal #" + proposalId + " already has these values");
        }
        Set<String> changed = changedNames(original.params(), valid);
        checkDesignAllows(question, original, changed);
        String changes = describe(original.params(), valid, changed);
        String because = blankToNull(reason);
        Instant now = clock.instant();
        return store.inTransaction(() -> {
            Proposal copy = store.proposals().create(question.id(), valid, EDIT_PLANNER,
                    "edited by " + who + " from proposal #" + proposalId + " (" + changes + ")"
                            + (because == null ? "" : ": " + because)
                            + (original.rationale() == null ? "" : "; the planner's rationale was: " + original.rationale()),
                    original.hypothesis(), original.placement());
            String replaced = "replaced by edit as #" + copy.id() + " (" + changes + ")"
                    + (because == null ? "" : ": " + because);
            if (!store.proposals().decide(proposalId, ProposalStatus.REJECTED, replaced)) {
                throw alreadyDecided(proposalId); // rolls the copy back with it
            }
            store.decisions().record(proposalId, who, Verdict.REJECT, replaced, now);
            String approved = "edit of #" + proposalId + " by " + who + " (" + changes + ")"
                    + (because == null ? "" : ": " + because);
            if (!store.proposals().decide(copy.id(), ProposalStatus.APPROVED, approved)) {
                throw new IllegalStateException("proposal #" + copy.id() + " was decided before its creation committed");
            }
            store.decisions().record(copy.id(), who, Verdict.APPROVE, approved, now);
            return new Edited(proposalId, copy.id(), valid, changes);
        });
    }

    private Proposal pending(long proposalId) {
        Proposal p = store.proposals().find(proposalId).orElseThrow(() -> new ReviewException(
                ReviewException.Kind.NOT_FOUND, "no proposal #" + proposalId + "; 'nightshift review' lists the pending ones"));
        if (p.status() != ProposalStatus.PENDING) {
            throw alreadyDecided(proposalId);
        }
        return p;
    }

    private Question requireActive(Proposal p, String verb) {
        Question q = store.questions().find(p.questionId()).orElseThrow();
        if (q.status() != QuestionStatus.ACTIVE) {
            throw invalid("question #" + q.id() + " is " + q.status().name().toLowerCase(Locale.ROOT)
                    + ", so its proposals no longer run; proposal #" + p.id() + " cannot be " + verb
                    + " (it can still be rejected)");
        }
        return q;
    }

    /** Who decided first, and what. */
    private ReviewException alreadyDecided(long proposalId) {
        Proposal p = store.proposals().find(proposalId).orElseThrow();
        List<Decision> decisions = store.decisions().forProposal(proposalId);
        String what = p.status().name().toLowerCase(Locale.ROOT);
        String detail;
        if (decisions.isEmpty()) {
            detail = p.statusReason() == null ? "" : ": " + p.statusReason();
        } else {
            Decision last = decisions.get(decisions.size() - 1);
            detail = " by " + last.actor() + " at " + last.decidedAt()
                    + (p.statusReason() == null ? "" : ": " + p.statusReason());
        }
        return new ReviewException(ReviewException.Kind.ALREADY_DECIDED,
                "proposal #" + proposalId + " was already " + what + detail + "; nothing changed");
    }

    /**
     * A design's comparison holds only if the design's runs are what it says: what it pins stays pinned, a
     * replicate stays the same configuration as its siblings, and fixed cells stay fixed.
     */
    private static void checkDesignAllows(Question question, Proposal p, Set<String> changed) {
        StudyDesign design;
        try {
            design = Studies.design(question);
        } catch (RuntimeException e) {
            return; // a design this version cannot read pins nothing it knows of
        }
        if (p.placement().replicate() > 0) {
            throw invalid("proposal #" + p.id() + " re-runs a configuration under another seed (run "
                    + (p.placement().replicate() + 1) + " of it), so the study compares it with the others as the same"
                    + " configuration; approve or reject it instead of editing it");
        }
        Map<String, Object> pins = new LinkedHashMap<>(design.fixed());
        String where = "the study design";
        int tuneTrials = 0;
        if (design instanceof StudyDesign.Compare c) {
            tuneTrials = c.tuneTrials();
            for (StudyDesign.Arm arm : c.arms()) {
                if (arm.name().equals(p.placement().cell())) {
                    pins.putAll(arm.params());
                    where = "the study design (arm '" + arm.name() + "')";
                }
            }
        } else if (design instanceof StudyDesign.Sweep s) {
            tuneTrials = s.tuneTrials();
            pins.put(s.factor(), s.values());
            where = "the study design (the sweep of " + s.factor() + ")";
        }
        if (!(design instanceof StudyDesign.Optimise) && tuneTrials == 0) {
            throw invalid("the " + design.kind() + " design of question #" + question.id()
                    + " runs fixed configurations under several seeds, so every run of a cell must be the same;"
                    + " approve or reject proposal #" + p.id() + " instead of editing it");
        }
        List<String> moved = changed.stream().filter(pins::containsKey).toList();
        if (!moved.isEmpty()) {
            throw invalid(String.join(", ", moved) + (moved.size() == 1 ? " is" : " are") + " fixed by " + where
                    + "; edit the others, or reject the proposal");
        }
    }

    private static Set<String> changedNames(Map<String, Object> before, Map<String, Object> after) {
        Set<String> names = new LinkedHashSet<>(before.keySet());
        names.addAll(after.keySet());
        names.removeIf(n -> Objects.equals(before.get(n), after.get(n)));
        return names;
    }

    private static String describe(Map<String, Object> before, Map<String, Object> after, Set<String> changed) {
        List<String> parts = new ArrayList<>();
        for (String n : changed) {
            if (!after.containsKey(n)) {
                parts.add(n + " " + before.get(n) + " left out");
            } else if (!before.containsKey(n)) {
                parts.add(n + " set to " + after.get(n));
            } else {
                parts.add(n + " " + before.get(n) + " -> " + after.get(n));
            }
        }
        return String.join(", ", parts);
    }

    /** The text of a value as the parameter's type: numbers as numbers, a categorical choice as the choice. */
    static Object typed(Parameter parameter, String text) {
        String v = text.strip();
        if (parameter instanceof Parameter.CategoricalParameter c) {
            for (Object choice : c.choices()) {
                if (String.valueOf(choice).equals(v)) {
                    return choice;
                }
            }
            return number(v) != null ? number(v) : v; // a numeric choice written as 64.0; else validate names the choices
        }
        Object n = number(v);
        if (n == null) {
            throw invalid(parameter.name() + ": '" + text + "' is not a number");
        }
        return n;
    }

    private static Object number(String v) {
        try {
            BigDecimal d = new BigDecimal(v);
            if (d.stripTrailingZeros().scale() <= 0 && d.abs().compareTo(BigDecimal.valueOf(Integer.MAX_VALUE)) <= 0) {
                return d.intValueExact();
            }
            return d.doubleValue();
        } catch (NumberFormatException | ArithmeticException e) {
            return null;
        }
    }

    private static ReviewException unknown(String name, Question q, SearchSpace space) {
        return invalid("unknown parameter '" + name + "'; the parameters of " + q.pluginId() + " are " + space.names());
    }

    private static String actor(String actor) {
        if (actor == null || actor.isBlank()) {
            throw invalid("who decides must be named (--actor NAME)");
        }
        if (actor.length() > 200) {
            throw invalid("an actor name has at most 200 characters");
        }
        return actor.strip();
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    private static ReviewException invalid(String message) {
        return new ReviewException(ReviewException.Kind.INVALID, message);
    }
}
