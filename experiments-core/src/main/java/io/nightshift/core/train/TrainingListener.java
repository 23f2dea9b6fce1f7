package io.nightshift.core.train;

/** Told about progress while a model trains; called on the training thread. */
@FunctionalInterface
public interface TrainingListener {

    TrainingListener NONE = metrics -> { };

    /** After each complete epoch, validation included. */
    void onEpoch(EpochMetrics metrics);
}
