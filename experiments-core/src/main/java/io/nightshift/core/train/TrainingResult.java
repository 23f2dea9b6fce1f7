package io.nightshift.core.train;

/**
 * The outcome of a training run. When training stopped early the figures describe the model as
 * it was then: validation and test accuracy are measured after stopping, and {@code trainLoss}
 * covers the batches of the last (possibly partial) epoch.
 *
 * @param epochsCompleted full epochs run
 * @param steps           optimiser steps taken
 * @param trainLoss       mean training loss of the last epoch run, NaN if no step was taken
 * @param wallSeconds     seconds from the start of training to the end of the test evaluation
 */
public record TrainingResult(int epochsCompleted, long steps, double trainLoss, double valLoss, double valAccuracy,
                             double testAccuracy, long parameterCount, double wallSeconds, StopReason stopReason) {
}
