package io.nightshift.core.train;

/**
 * Figures at the end of one epoch.
 *
 * @param epoch             1-based
 * @param step              optimiser steps taken so far
 * @param trainLoss         mean training loss over the epoch's batches (on the possibly noisy labels)
 * @param valLoss           mean loss on the validation split
 * @param valAccuracy       fraction of the validation split classified correctly
 * @param testLoss          mean loss on the test set, NaN unless the test set is evaluated every epoch
 * @param testAccuracy      test accuracy, NaN unless the test set is evaluated every epoch
 * @param learningRate      the rate used for the epoch's last step
 * @param samplesPerSecond  training throughput of this epoch (evaluation excluded)
 * @param wallSeconds       seconds since training started
 */
public record EpochMetrics(int epoch, long step, double trainLoss, double valLoss, double valAccuracy,
                           double testLoss, double testAccuracy, double learningRate,
                           double samplesPerSecond, double wallSeconds) {
}
