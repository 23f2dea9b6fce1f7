package io.nightshift.plugin.testkit;

/** One call of {@code context.metrics().report(name, value, epoch, step)}, as the trial made it. */
public record ReportedMetric(String name, double value, int epoch, long step) {
}
