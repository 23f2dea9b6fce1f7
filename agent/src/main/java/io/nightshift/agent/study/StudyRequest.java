package io.nightshift.agent.study;

import io.nightshift.plugin.Plugin;
import io.nightshift.plugin.StudyDesign;
import io.nightshift.plugin.SuggestedQuestion;
import io.nightshift.store.QuestionOrigin;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * What a person asked for on the command line, resolved against a plugin into a question's text, its validated
 * design and its origin: one of the plugin's suggested questions (by number, or by default the first), a design
 * written as options or in a file, or free text (optimising the whole space).
 */
public record StudyRequest(String text, StudyDesign design, QuestionOrigin origin) {

    /**
     * @param question   free text, the number of one of the plugin's suggestions, or null
     * @param designFile a YAML design file, or null
     * @param options    a design written as options, if any
     * @throws IllegalArgumentException saying what was wrong and what to do
     */
    public static StudyRequest resolve(Plugin plugin, String question, Path designFile, Optional<StudyDesign> options) {
        return resolve(plugin, question, designFile, options, null);
    }

    /**
     * As above; a question given only as free text gets its design from {@code drafter} (a language model) when
     * there is one, else optimises the whole space.
     */
    public static StudyRequest resolve(Plugin plugin, String question, Path designFile, Optional<StudyDesign> options,
                                       Function<String, Optional<StudyDesign>> drafter) {
        List<SuggestedQuestion> suggested = plugin.questions();
        if (designFile != null && options.isPresent()) {
            throw new IllegalArgumentException("--design FILE and design options (--sweep, --arm, --fix, --seeds) both"
                    + " describe a design; give one of them");
        }
        StudyDesign design = null;
        String text = null;
        QuestionOrigin origin = QuestionOrigin.PERSON;
        if (designFile != null) {
            DesignArguments.DesignFile file = DesignArguments.readFile(designFile);
            design = file.design();
            text = file.question().orElse(null);
        } else if (options.isPresent()) {
            design = options.get();
        }
        if (question != null && !question.isBlank()) {
            if (question.trim().matches("\\d+")) {
                int n = Integer.parseInt(question.trim());
                if (n < 1 || n > suggested.size()) {
                    throw new IllegalArgumentException("--question " + n + ": plugin " + plugin.descriptor().id()
                            + " suggests " + suggested.size() + " questions (numbered 1.." + suggested.size()
                            + "; see 'nightshift plugins')");
                }
                SuggestedQuestion chosen = suggested.get(n - 1);
                text = chosen.text();
                if (design == null) {
                    design = chosen.design();
                    origin = QuestionOrigin.PLUGIN;
                }
            } else {
                text = question.trim();
                if (design == null && drafter != null) {
                    design = drafter.apply(text).orElse(null);
                }
            }
        }
        if (design == null && text == null) {
            if (suggested.isEmpty()) {
                throw new IllegalArgumentException("plugin " + plugin.descriptor().id() + " suggests no questions;"
                        + " pass one with --question \"...\" or a design (--sweep, --arm, --design FILE)");
            }
            text = suggested.get(0).text();
            design = suggested.get(0).design();
            origin = QuestionOrigin.PLUGIN;
        }
        if (design == null) {
            design = StudyDesign.Optimise.whole();
        }
        design = DesignValidator.validate(design, plugin.descriptor().searchSpace());
        if (text == null) {
            text = DesignArguments.describe(design, plugin.descriptor().objective());
        }
        return new StudyRequest(text, design, origin);
    }
}
