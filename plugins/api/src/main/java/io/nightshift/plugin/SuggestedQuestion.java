package io.nightshift.plugin;

import java.util.Objects;

/** A research question a plugin offers, with the study design that answers it. */
public record SuggestedQuestion(String text, StudyDesign design) {

    public SuggestedQuestion {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(design, "design");
    }
}
