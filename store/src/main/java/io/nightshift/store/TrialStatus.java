package io.nightshift.store;

/** Lifecycle of a trial. Stored by name, so renaming a constant needs a migration. */
public enum TrialStatus {
    QUEUED,
    RUNNING,
    COMPLETED,
    FAILED,
    INTERRUPTED,
    CANCELLED,
    /** Stopped early by the question's pruning rule: its curve was worse than its peers' at the same step. */
    PRUNED;

    /** Whether no further transition is possible; a retry is a new trial with the next attempt number. */
    public boolean terminal() {
        return this != QUEUED && this != RUNNING;
    }
}
