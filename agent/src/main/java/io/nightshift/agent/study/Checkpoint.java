package io.nightshift.agent.study;

import io.nightshift.agent.plugins.PluginRegistry;
import io.nightshift.plugin.Plugin;
import io.nightshift.plugin.SuggestedQuestion;
import io.nightshift.store.Question;
import io.nightshift.store.DuplicateKeyException;
import io.nightshift.store.QuestionOrigin;
import io.nightshift.store.QuestionRepository;
import io.nightshift.store.QuestionStatus;
import io.nightshift.store.Store;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The human checkpoint: when a question is answered and nothing is queued, next questions are suggested as
 * candidates and a person chooses. Suggestions come from the plugins' templates: first the questions of the
 * plugin just studied that nobody has asked yet, then other plugins'. A candidate already waiting counts, so a
 * restarted run does not suggest the same questions twice; and a template is suggested once also when several
 * controllers on one PostgreSQL database reach the checkpoint together (the store's unique suggestion key).
 */
public final class Checkpoint {

    public static final int MIN_SUGGESTIONS = 3;
    public static final int MAX_SUGGESTIONS = 5;

    private final Store store;
    private final PluginRegistry plugins;

    /** Budgets of the suggested questions (optimise designs use maxTrials; the others compute theirs). */
    public record Budget(String planner, int maxTrials, int trialBudgetSeconds, long seed) {}

    public Checkpoint(Store store, PluginRegistry plugins) {
        this.store = store;
        this.plugins = plugins;
    }

    /**
     * The candidates waiting for a person: those already there, topped up to {@link #MIN_SUGGESTIONS} (at most
     * {@link #MAX_SUGGESTIONS} in all) from the templates.
     *
     * @param after the question just answered, or null
     */
    public List<Question> suggest(Question after, Budget budget) {
        // One read for both: a question another controller suggested in between is either waiting and asked, or
        // neither (then creating it again meets the unique key and it is taken as waiting).
        List<Question> all = store.questions().all();
        List<Question> waiting = new ArrayList<>(all.stream().filter(q -> q.status() == QuestionStatus.CANDIDATE).toList());
        if (waiting.size() >= MIN_SUGGESTIONS) {
            return waiting;
        }
        Set<String> asked = new HashSet<>();
        for (Question q : all) {
            if (q.status() != QuestionStatus.DROPPED) {
                asked.add(q.pluginId() + "\u0000" + q.text());
            }
        }
        List<Plugin> order = new ArrayList<>();
        if (after != null) {
            plugins.find(after.pluginId()).ifPresent(order::add);
        }
        plugins.all().stream().filter(p -> !order.contains(p)).forEach(order::add);
        for (Plugin plugin : order) {
            for (SuggestedQuestion template : plugin.questions()) {
                if (waiting.size() >= MAX_SUGGESTIONS || (waiting.size() >= MIN_SUGGESTIONS && plugin != order.get(0))) {
                    return waiting;
                }
                String id = plugin.descriptor().id();
                if (!asked.add(id + "\u0000" + template.text())) {
                    continue;
                }
                var design = DesignValidator.validate(template.design(), plugin.descriptor().searchSpace());
                try {
                    waiting.add(store.questions().create(new QuestionRepository.NewQuestion(id, template.text(),
                            budget.planner(), StudyPlanner.budget(design, budget.maxTrials()),
                            budget.trialBudgetSeconds(), budget.seed(), QuestionStatus.CANDIDATE, DesignCodec.write(design),
                            QuestionOrigin.PLUGIN, null)));
                } catch (DuplicateKeyException e) {
                    // Another controller at the same checkpoint suggested it a moment ago: it is one of ours too.
                    store.questions().withStatus(QuestionStatus.CANDIDATE).stream()
                            .filter(q -> q.pluginId().equals(id) && q.text().equals(template.text()))
                            .findFirst().ifPresent(waiting::add);
                }
            }
        }
        return waiting;
    }
}
