package io.nightshift.store;

/** Lifecycle of a research question. Stored by name, so renaming a constant needs a migration. */
public enum QuestionStatus {
    ACTIVE,
    DONE
}
