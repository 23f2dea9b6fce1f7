package io.nightshift.agent.study;

import io.nightshift.plugin.StudyDesign;
import io.nightshift.store.Question;

/** A question's study design as the loop runs it. */
public final class Studies {

    private Studies() {
    }

    /** The stored design, or, for a question made before designs, an optimisation of the whole space. */
    public static StudyDesign design(Question question) {
        return question.design() == null ? StudyDesign.Optimise.whole() : DesignCodec.read(question.design());
    }
}
