package io.nightshift.store;

/**
 * Why a trial ended without completing. Stored by name. Whose fault it was decides what happens next: a
 * stopped or crashed controller is not the experiment's fault and does not use up its attempts.
 */
public enum EndCause {
    /** The plugin threw, or its result lacked the objective: running it again would fail again. */
    PLUGIN_ERROR,
    /** The worker process died, hung or ignored the time limit while running the trial. */
    WORKER_LOST,
    /**
     * The worker went over its memory limit ({@code workers.max-memory-mb}) and was killed before it could take the
     * machine down: running the same experiment again would do the same, so it is not retried.
     */
    OUT_OF_MEMORY,
    /** nightshift was stopped (Ctrl-C, SIGTERM) while the trial ran. */
    CONTROLLER_STOPPED,
    /** The controller that ran the trial died (its heartbeats stopped). */
    CONTROLLER_LOST;

    /** Whether the controller, not the experiment, ended the trial. */
    public boolean byController() {
        return this == CONTROLLER_STOPPED || this == CONTROLLER_LOST;
    }
}
