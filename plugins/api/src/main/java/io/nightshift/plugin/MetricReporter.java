package io.nightshift.plugin;

/** Streams metrics of a running trial to the controller, which stores each one as it arrives. */
@FunctionalInterface
public interface MetricReporter {

    /**
     * @param name  e.g. {@code train_loss}, {@code val_accuracy}
     * @param value the value
     * @param epoch the 1-based epoch it belongs to (0 when not epoch-based)
     * @param step  the optimiser step count when it was taken
     */
    void report(String name, double value, int epoch, long step);
}
