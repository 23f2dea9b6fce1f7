package io.nightshift.store;

/** Who asked a question. Stored by name. */
public enum QuestionOrigin {
    PERSON,
    MODEL,
    PLUGIN
}
