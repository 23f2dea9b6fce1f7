package io.nightshift.core.train;

/** Why training ended. */
public enum StopReason {
    /** All configured epochs ran. */
    COMPLETED,
    /** The configured deadline passed. */
    DEADLINE,
    /** The cancel flag was raised. */
    CANCELLED
}
