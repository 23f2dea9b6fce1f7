package io.nightshift.core.train;

/**
 * Figures every k optimiser steps, when {@link TrainingConfig#reportEverySteps()} asks for them.
 *
 * @param epoch            1-based epoch the step belongs to
 * @param step             optimiser steps taken so far
 * @param trainLoss        mean training loss over the steps since the last report
 * @param learningRate     the rate used for the last step
 * @param samplesPerSecond throughput since the last report
 * @param wallSeconds      seconds since training started
 */
public record StepMetrics(int epoch, long step, double trainLoss, double learningRate, double samplesPerSecond,
                          double wallSeconds) {
}
