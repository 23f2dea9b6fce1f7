package io.nightshift.agent.worker;

/** What a running trial streams back before its outcome. Called on the thread that runs the trial. */
public interface TrialEvents {

    void metric(WorkerMessage.Metric metric);

    void log(String message);

    /** Any sign of life from the worker while it runs this trial. */
    void alive();
}
