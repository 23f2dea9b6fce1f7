package io.nightshift.agent.worker;

import java.util.Map;

/** How a trial ended on a worker, as the controller saw it. */
public sealed interface TrialOutcome {

    record Completed(Map<String, Double> metrics) implements TrialOutcome {}

    /** The plugin threw: the worker is fine and stays in the pool. */
    record Failed(String reason, String detail) implements TrialOutcome {}

    /** The worker process died, hung or was killed: it is replaced. */
    record WorkerLost(String reason) implements TrialOutcome {}

    /** The worker went over its memory limit and was killed: it is replaced; the experiment would do it again. */
    record OutOfMemory(String reason) implements TrialOutcome {}
}
