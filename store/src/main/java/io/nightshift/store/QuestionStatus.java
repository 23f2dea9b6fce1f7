package io.nightshift.store;

/**
 * Lifecycle of a research question: {@code CANDIDATE -> QUEUED -> ACTIVE -> DONE}, or {@code DROPPED} from any
 * state but DONE. Stored by name, so renaming a constant needs a migration.
 */
public enum QuestionStatus {
    /** Suggested (by a plugin's templates, a model or a person) and waiting for a person to choose it. */
    CANDIDATE,
    /** Chosen; runs when the questions queued before it are answered. */
    QUEUED,
    /** Being worked on. */
    ACTIVE,
    /** Answered: its budget is spent and its findings are written. */
    DONE,
    /** Set aside by a person; never runs. */
    DROPPED
}
