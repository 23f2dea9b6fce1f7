package io.nightshift.core.train;

/**
 * Figures at the end of one epoch.
 *
 * @param epoch             1-based
 * @param step              optimiser steps taken so far
 * @param trainLoss         mean cross-entropy over the epoch's training batches
 * @param valLoss           mean cross-entropy on the validation split
 * @param valAccuracy       fraction of the validation split classified correctly
 * @param samplesPerSecond  training throughput of this epoch (validation excluded)
 * @param wallSeconds       seconds since training started
 */
public record EpochMetrics(int epoch, long step, double trainLoss, double valLoss, double valAccuracy,
                           double samplesPerSecond, double wallSeconds) {
}
