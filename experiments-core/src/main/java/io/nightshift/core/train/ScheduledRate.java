package io.nightshift.core.train;

import ai.djl.training.tracker.Tracker;

/**
 * A DJL learning-rate tracker driven by the trainer's own step count. DJL's optimisers count
 * updates per parameter; the trainer's count is the one the schedule is defined on, and the one
 * reported with the metrics.
 */
final class ScheduledRate implements Tracker {

    private final double baseRate;
    private final LearningRateSchedule schedule;
    private final long stepsPerEpoch;
    private final long totalSteps;
    private long step;
    private float current;

    ScheduledRate(double baseRate, LearningRateSchedule schedule, long stepsPerEpoch, long totalSteps) {
        this.baseRate = baseRate;
        this.schedule = schedule;
        this.stepsPerEpoch = stepsPerEpoch;
        this.totalSteps = totalSteps;
        moveTo(0);
    }

    /** Called before each optimiser step with the number of steps already taken. */
    void moveTo(long step) {
        this.step = step;
        this.current = (float) (baseRate * schedule.factor(step, stepsPerEpoch, totalSteps));
    }

    double current() {
        return current;
    }

    @Override
    public float getNewValue(int numUpdate) {
        return current;
    }
}
