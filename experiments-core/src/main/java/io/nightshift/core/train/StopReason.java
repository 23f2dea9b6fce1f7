package io.nightshift.core.train;

/** Why training ended. */
public enum StopReason {
    /** All configured epochs ran. */
    COMPLETED,
    /** The configured deadline or time budget passed. */
    DEADLINE,
    /** The cancel flag was raised. */
    CANCELLED,
    /** Validation loss stopped improving for the configured patience. */
    EARLY_STOPPED
}
