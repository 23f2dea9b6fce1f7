package io.nightshift.core.train;

/** Told about progress while a model trains; called on the training thread. */
@FunctionalInterface
public interface TrainingListener {

    TrainingListener NONE = metrics -> { };

    /** After each complete epoch, validation included. */
    void onEpoch(EpochMetrics metrics);

    /** Every {@link TrainingConfig#reportEverySteps()} steps, when set. */
    default void onSteps(StepMetrics metrics) {
    }

    /** Once, before the first step, with the model's trainable parameter count. */
    default void onStart(long parameterCount, int trainingExamples) {
    }
}
