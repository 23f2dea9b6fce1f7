package io.nightshift.core.train;

/**
 * The outcome of a training run. When training stopped early the figures describe the model as
 * it was then: validation and test figures are measured after stopping, and {@code trainLoss}
 * covers the batches of the last (possibly partial) epoch.
 *
 * @param epochsCompleted  full epochs run
 * @param steps            optimiser steps taken
 * @param trainLoss        mean training loss of the last epoch run, NaN if no step was taken
 * @param trainingExamples examples trained on (after subsetting)
 * @param noisyLabels      training labels replaced by a wrong class
 * @param samplesPerSecond training throughput over the whole run (evaluation excluded)
 * @param wallSeconds      seconds from the start of training to the end of the test evaluation
 */
public record TrainingResult(int epochsCompleted, long steps, double trainLoss, double valLoss, double valAccuracy,
                             double testLoss, double testAccuracy, long parameterCount, int trainingExamples,
                             int noisyLabels, double samplesPerSecond, double wallSeconds, StopReason stopReason) {
}
