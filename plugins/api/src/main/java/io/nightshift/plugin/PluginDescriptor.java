package io.nightshift.plugin;

import java.util.List;
import java.util.Objects;

/**
 * Who a plugin is and what it explores.
 *
 * @param id                 short stable name used on the command line and in the store, e.g. {@code mnist-mlp}
 * @param description        one or two sentences for people (shown by {@code nightshift plugins})
 * @param modelBrief         what a language model planner needs to know to propose good experiments
 * @param searchSpace        the parameters a planner may set
 * @param objective          the validation metric planners optimise, and its direction
 * @param suggestedQuestions research questions a person can pick instead of writing one
 */
public record PluginDescriptor(
        String id,
        String description,
        String modelBrief,
        SearchSpace searchSpace,
        Objective objective,
        List<String> suggestedQuestions) {

    public PluginDescriptor {
        Objects.requireNonNull(id, "id");
        if (!id.matches("[a-z0-9][a-z0-9-]*")) {
            throw new IllegalArgumentException("plugin id '" + id + "' must be lower-case letters, digits and dashes");
        }
        Objects.requireNonNull(description, "description");
        modelBrief = modelBrief == null ? description : modelBrief;
        Objects.requireNonNull(searchSpace, "searchSpace");
        Objects.requireNonNull(objective, "objective");
        suggestedQuestions = List.copyOf(suggestedQuestions == null ? List.of() : suggestedQuestions);
    }
}
